# kukarcli — build, test, benchmark and demo targets. Needs only Go.
GO      ?= go
BIN     := bin/kukarcli
PKGS    := ./...
FUZZTIME ?= 10s

.PHONY: build test vet fmt-check bench bench-go demo e2e tour fuzz release cross clean

build:
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags="-s -w" -o $(BIN) ./cmd/kukarcli

test: fmt-check vet
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)

fmt-check:
	@out="$$(gofmt -l cmd internal pkg examples 2>/dev/null)"; \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

# Release archives in dist/: a static binary for linux/amd64, linux/arm64,
# windows/amd64 and darwin/arm64 with the version stamped, a zip per
# platform with the README and the licences, and SHA256SUMS.
release:
	$(GO) run ./internal/releasetool -out dist

# Builds every release target, vets for Windows and compiles every test
# binary for Windows (Windows itself is not available to run them here).
cross:
	@for t in linux/amd64 linux/arm64 windows/amd64 darwin/arm64; do \
	  echo "== build $$t"; \
	  CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -trimpath -o /dev/null ./cmd/kukarcli || exit 1; \
	done
	GOOS=windows $(GO) vet $(PKGS)
	@d=$$(mktemp -d); GOOS=windows $(GO) test -c -o $$d/ $(PKGS) >/dev/null && echo "windows test binaries: $$(ls $$d | wc -l) packages"; rm -rf $$d

# End-to-end benchmarks on generated data (sizes printed), plus the Go
# micro-benchmarks of the engine packages.
bench: build
	$(GO) run ./internal/benchtool -bin $(BIN) -dir $${BENCH_DIR:-/tmp/kukarcli-bench}

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem $(PKGS)

# The main job: the RPJMD progress report of the embedded Kukar example
# (real boundaries, illustrative towers and population; see
# examples/rpjmd/README.md), as HTML, Markdown and JSON.
demo: build
	@mkdir -p demo-out
	$(BIN) report --example -q -o demo-out/laporan.html --overwrite
	$(BIN) report --example -q -o demo-out/laporan.md --overwrite
	$(BIN) report --example -q -o demo-out/laporan.json --overwrite
	@echo "report written to $$(pwd)/demo-out/laporan.html (also laporan.md and laporan.json; --lang en for English)"

# The HTML report in headless Chromium: screenshot, console, map and charts.
e2e:
	E2E_DIR=e2e-out bash scripts/e2e.sh

# Regenerates docs/TOUR.md from real runs.
tour:
	bash scripts/tour.sh

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
	rm -rf bin demo-out e2e-out dist
