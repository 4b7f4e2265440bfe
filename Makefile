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

# Runs the main job on the embedded Kukar example.
demo: build
	@mkdir -p demo-out
	$(BIN) info examples/kukar/kukar_6402_desa.geojson examples/kukar/shp/kukar_6402_kecamatan.shp
	$(BIN) convert examples/kukar/shp/kukar_6402_desa.shp demo-out/desa.geojson --overwrite
	$(BIN) convert examples/kukar/kukar_6402_desa.geojson demo-out/desa.kml --overwrite
	$(BIN) convert examples/kukar/kukar_6402_desa_centroids.geojson demo-out/desa_centroids.csv --overwrite
	@echo "demo outputs in demo-out/"

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
