# NutSharp: build, run, test, benchmark. `make help` lists the targets.
SHELL := /bin/bash
DOTNET ?= dotnet
BIN := artifacts/bin/nutsharp
DEMO_STATE := $(CURDIR)/artifacts/demo-state

.PHONY: help deps deps-test build run run-enphase test bench clean

help:
	@echo "make run    - build and serve conf/demo on 127.0.0.1:3493 (try: upsc demo@localhost)"
	@echo "make test   - install what the tests need, build, run every test"
	@echo "make build  - publish the native nutsharp executable to $(BIN)"
	@echo "make bench  - benchmark nutsharp against upsd 2.8.0 side by side"
	@echo "make run-enphase - serve conf/enphase-demo: an Enphase IQ Gateway in TEST mode, polled by the server"

# `make run` installs only what building and watching the demo need; `make test` adds the
# real NUT programs and clients the tests compare against.
deps:
	./scripts/install-deps.sh build

deps-test:
	./scripts/install-deps.sh test

$(BIN): $(shell find src -name '*.cs' -o -name '*.csproj') Directory.Build.props
	$(DOTNET) publish src/NutSharp/NutSharp.csproj -c Release -r linux-x64 -o artifacts/bin -p:DebugType=none --nologo -v quiet
	@rm -f artifacts/bin/nutsharp-http  # an earlier build's second image, no longer made
	@test -x $(BIN)

build: deps $(BIN)

# The demo runs as whoever starts it (-u <yourself>): started as root, the server would otherwise
# become NUT's user `nut`, which cannot read a checkout under a home directory (and may not exist
# on a machine without NUT); as a normal user it does not switch anyway.
run: build
	@mkdir -p $(DEMO_STATE)
	NUT_CONFPATH=$(CURDIR)/conf/demo NUT_STATEPATH=$(DEMO_STATE) NUT_ALTPIDPATH=$(DEMO_STATE) $(BIN) serve -F -u "$$(id -un)"

# The second demo: the Enphase poller (TEST mode, no network) hosted in the server, feeding the
# dummy-ups section `demo`. The config holds a password, so the poller refuses it while others
# may read it (git keeps no such mode); the port file must exist before the poller starts.
run-enphase: build
	@mkdir -p $(DEMO_STATE) && chmod o-w $(DEMO_STATE) && touch $(DEMO_STATE)/enphase.dev
	chmod go-rwx conf/enphase-demo/enphase-demo.conf
	NUT_CONFPATH=$(CURDIR)/conf/enphase-demo NUT_STATEPATH=$(DEMO_STATE) NUT_ALTPIDPATH=$(DEMO_STATE) $(BIN) serve -F -u "$$(id -un)"

test: deps-test build
	./scripts/run-tests.sh

bench: deps-test build
	./scripts/bench/run.sh

clean:
	rm -rf artifacts */*/bin */*/obj scripts/tests/fixtures/*/bin scripts/tests/fixtures/*/obj
