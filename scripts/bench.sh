#!/usr/bin/env bash
# Runs BenchmarkDotNet suites and copies the reports to bench/results/.
#   scripts/bench.sh '<filter>'
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-*}"
art="$(pwd)/BenchmarkDotNet.Artifacts"
dotnet run -c Release --project bench/Voip.Bench/Voip.Bench.csproj -- \
  --filter "$filter" --exporters github csv --artifacts "$art"
mkdir -p bench/results
cp "$art"/results/*.md "$art"/results/*.csv bench/results/ 2>/dev/null || true
echo "bench: reports in bench/results/"
