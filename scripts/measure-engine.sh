#!/usr/bin/env bash
# Measures the shipped AOT engine: binary size, start-up time to the ready line, idle RSS.
# Writes bench/results/engine-footprint.md. Needs out/voip-media (make aot).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=out/voip-media
[ -x "$bin" ] || { echo "measure-engine: $bin missing; run make aot" >&2; exit 1; }
size=$(stat -c %s "$bin")
runs=5; total_ms=0; rss_kb=0
for i in $(seq $runs); do
  log=$(mktemp)
  start=$(date +%s%N)
  "$bin" --grpc 127.0.0.1:0 --rtc-port-base 0 --shards 2 >"$log" 2>&1 &
  pid=$!
  until grep -q "voip-media ready" "$log"; do
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.002
  done
  end=$(date +%s%N)
  total_ms=$(( total_ms + (end - start) / 1000000 ))
  sleep 2
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  [ "$rss" -gt "$rss_kb" ] && rss_kb=$rss
  kill $pid; wait $pid 2>/dev/null || true
  rm -f "$log"
done
mkdir -p bench/results
cat > bench/results/engine-footprint.md <<MD
# AOT engine footprint

Measured by \`scripts/measure-engine.sh\` on $(date -u +%Y-%m-%d) ($(nproc) cores, $(uname -m)), 2 shards, ephemeral ports.

| metric | value |
| --- | --- |
| binary size (out/voip-media, stripped) | $(( size / 1024 / 1024 )).$(( size / 1024 % 1024 * 10 / 1024 )) MiB ($size bytes) |
| start-up to ready line (mean of $runs) | $(( total_ms / runs )) ms |
| idle RSS 2 s after ready (max of $runs) | $(( rss_kb / 1024 )) MiB ($rss_kb KiB) |
MD
cat bench/results/engine-footprint.md
