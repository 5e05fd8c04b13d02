#!/usr/bin/env bash
# Runs the test projects and ends with one line: "N passed, N failed, N skipped".
#   scripts/run-tests.sh all|unit|interop [Configuration]
set -uo pipefail
cd "$(dirname "$0")/.."
scope="${1:-all}"
config="${2:-Release}"
results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"

case "$scope" in
  unit) filter="TestCategory!=Interop&TestCategory!=E2E" ;;
  interop) filter="TestCategory=Interop|TestCategory=E2E" ;;
  all) filter="" ;;
  *) echo "usage: run-tests.sh all|unit|interop" >&2; exit 2 ;;
esac

export VOIP_MEDIA_BINARY="${VOIP_MEDIA_BINARY:-$(pwd)/out/voip-media}"
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  args=(test "$proj" -c "$config" --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results"
        --logger "console;verbosity=normal")
  [ -n "$filter" ] && args+=(--filter "$filter")
  echo "=== $name ($scope)"
  dotnet "${args[@]}" || status=1
done

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  line=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$line" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
[ "$failed" -gt 0 ] && status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
