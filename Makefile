# Voip — one entry point for building, testing, benchmarking and running.
# `make run` and `make test` work on a fresh machine of this kind (Debian 12, .NET 10 SDK, root).

DOTNET      ?= dotnet
CONFIG      ?= Release
BENCH       ?= *
OUT         ?= out
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

.PHONY: all build deps test test-unit test-interop aot bench run loadtest clean

all: build

## build: compile every project (warnings are errors)
build:
	$(DOTNET) build Voip.sln -c $(CONFIG) -nologo -v q

## deps: install what the tests need (apt and npm packages), only when missing
deps:
	bash scripts/install-deps.sh

## aot: publish the Native-AOT media engine to out/voip-media
aot:
	bash scripts/publish-aot.sh $(OUT)

## test: install test needs, build, publish the AOT engine, run every test (unit, Interop, E2E)
test: deps build aot
	bash scripts/run-tests.sh all $(CONFIG)

## test-unit: fast, self-contained tests only (no Interop/E2E)
test-unit: build
	bash scripts/run-tests.sh unit $(CONFIG)

## test-interop: only the tests against real peers and servers
test-interop: deps build aot
	bash scripts/run-tests.sh interop $(CONFIG)

## bench: BenchmarkDotNet suites; BENCH='*Srtp*' filters. Results land in bench/results/.
bench:
	bash scripts/bench.sh '$(BENCH)'

## run: build and start the engine and control plane on embedded defaults
run: aot
	bash scripts/run.sh

## loadtest: the engine vs. a bare C forwarder (the floor), same packets over loopback UDP; ≤ ~2 min.
## Prints RESULT lines and writes bench/results/loadtest.md. LOADTEST_ARGS='--measure 8 --rate 2000 ...'
loadtest: deps aot
	gcc -O2 -Wall -o $(OUT)/floor-forwarder bench/floor-forwarder/floor-forwarder.c -lcrypto
	$(DOTNET) build bench/Voip.LoadGen -c $(CONFIG) -nologo -v q
	$(DOTNET) bench/Voip.LoadGen/bin/$(CONFIG)/net10.0/Voip.LoadGen.dll --engine $(OUT)/voip-media --floor $(OUT)/floor-forwarder $(LOADTEST_ARGS)

clean:
	$(DOTNET) clean Voip.sln -nologo -v q
	rm -rf $(OUT)
