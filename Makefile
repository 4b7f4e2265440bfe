# kukarcli — build, test, benchmark and demo targets. Needs only Go.
GO      ?= go
BIN     := bin/kukarcli
PKGS    := ./...
FUZZTIME ?= 10s

.PHONY: build test vet fmt-check bench bench-go demo fuzz clean

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/kukarcli

test: fmt-check vet
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out="$$(gofmt -l cmd internal pkg examples 2>/dev/null)"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# End-to-end benchmarks on generated data (sizes printed), plus the Go
# micro-benchmarks of the engine packages.
bench: build
	$(GO) run ./internal/benchtool -bin $(BIN) -dir $${BENCH_DIR:-/tmp/kukarcli-bench}

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# Runs the main job on the Kukar example: the real village boundaries with
# an ILLUSTRATIVE tower layer (examples/illustrative/README.md).
EX  := examples/kukar
ILL := examples/illustrative/towers_illustrative.csv
demo: build
	@mkdir -p demo-out
	$(BIN) info $(EX)/kukar_6402_desa.geojson $(EX)/shp/kukar_6402_kecamatan.shp
	$(BIN) convert $(EX)/shp/kukar_6402_desa.shp demo-out/desa.geojson --overwrite
	$(BIN) coverage --sites $(ILL) --targets $(EX)/kukar_6402_desa.geojson -o demo-out/coverage.geojson --overwrite
	$(BIN) coverage -q --sites $(ILL) --targets $(EX)/kukar_6402_desa.geojson --summary-by kecamatan -f table
	$(BIN) gaps -q --sites $(ILL) --targets $(EX)/kukar_6402_desa.geojson --areas --cell 1km -o demo-out/blank_spots.geojson --overwrite
	$(BIN) rank -q --villages $(EX)/kukar_6402_desa.geojson --sites $(ILL) --top 10 -f table
	$(BIN) rank -q --villages $(EX)/kukar_6402_desa.geojson --sites $(ILL) -o demo-out/rank.kml --overwrite
	$(BIN) plan --sites $(ILL) --villages $(EX)/kukar_6402_desa.geojson -k 5 -f table
	@echo "demo outputs in demo-out/ (coverage.geojson, blank_spots.geojson, rank.kml)"

# A short run of every fuzz target (FUZZTIME each).
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  dir=$$($(GO) list -f '{{.Dir}}' $$pkg); \
	  for t in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go 2>/dev/null | sed 's/func //'); do \
	    echo "== $$pkg $$t"; \
	    $(GO) test $$pkg -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

clean:
	rm -rf bin demo-out
