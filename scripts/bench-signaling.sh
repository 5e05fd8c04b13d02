#!/usr/bin/env bash
# Signaling benchmark: the C# control plane's Socket.IO endpoint vs. a BASELINE relay on Node's npm socket.io
# server (bench/signaling-baseline), in the same run with the same load tool (bench/signaling-load, one Node
# process of socket.io-client sockets). For each client count: connect N sockets, then a storm of call setups at
# a fixed rate; p50/p99 of call-user -> incoming-call, Socket.IO messages/s, server CPU per setup.
# Appends a dated section to bench/results/signaling.md (OUT=… to write elsewhere). Bounded: a few minutes with
# the defaults (connecting 5,000 sockets twice takes most of it on a loaded machine).
#
#   scripts/bench-signaling.sh                 # CLIENTS="1000 5000" RATE=200 RUN_SECONDS=15 WARMUP=2
#   CLIENTS="1000" RATE=400 RUN_SECONDS=10 scripts/bench-signaling.sh
#   CP_ENV="DOTNET_GCgen0size=0x4000000" scripts/bench-signaling.sh   # extra environment for the C# server (A/B; noted in the section)
#   GCLOG=/tmp/gc.log scripts/bench-signaling.sh   # log every GC of the C# server (bench/signaling-gclog startup hook);
#                                                  # load.mjs prints phase marks on stderr to line the log up with the window
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CLIENTS=${CLIENTS:-"1000 5000"}
RATE=${RATE:-200}
SECONDS_PER_RUN=${RUN_SECONDS:-15}
WARMUP=${WARMUP:-2}
SECRET=bench-secret-0123456789-0123456789-abcdef
OUT=${OUT:-bench/results/signaling.md}
WORK=$(mktemp -d /tmp/voip-bench-signaling.XXXXXX)

# 5,000 sockets on each side of loopback, twice: well above the usual 1,024 descriptors.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

command -v node >/dev/null || { echo "node is required (apt-get install -y nodejs npm)" >&2; exit 1; }
for dir in bench/signaling-load bench/signaling-baseline; do
  [ -d "$dir/node_modules" ] || (cd "$dir" && npm ci --no-audit --no-fund >/dev/null)
done
dotnet build control-plane/Voip.ControlPlane -c Release -o "$WORK/cp" -v q -nologo >/dev/null
CP_ENV=${CP_ENV:-}
HOOK_ENV=()
if [ -n "${GCLOG:-}" ]; then
  dotnet build bench/signaling-gclog -c Release -o "$WORK/gclog" -v q -nologo >/dev/null
  HOOK_ENV=(DOTNET_STARTUP_HOOKS="$WORK/gclog/voip-gclog.dll" GCLOG="$GCLOG")
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

wait_http() { for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "server at $1 did not start:" >&2; cat "$WORK/cp.log" >&2; exit 1; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
CP_PORT=$(free_port)
env PORT="$CP_PORT" HOST=127.0.0.1 JWT_SECRET="$SECRET" SQLITE_PATH="$WORK/voip.db" \
  SIGNALING_EVENTS_PER_SECOND=100000 SIGNALING_EVENT_BURST=100000 RATE_LIMIT_MAX=1000000 \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.AspNetCore=Warning" ASPNETCORE_ENVIRONMENT=Production \
  ${HOOK_ENV[@]+"${HOOK_ENV[@]}"} $CP_ENV dotnet "$WORK/cp/voip-control-plane.dll" >"$WORK/cp.log" 2>&1 &
CP_PID=$!; PIDS+=("$CP_PID")
NODE_PORT=$(free_port)
node bench/signaling-baseline/server.mjs "$NODE_PORT" "$SECRET" >"$WORK/node.log" 2>&1 &
NODE_PID=$!; PIDS+=("$NODE_PID")
wait_http "http://127.0.0.1:$CP_PORT/healthz"
sleep 1

run() { # label url pid clients
  node bench/signaling-load/load.mjs --label "$1" --url "$2" --pid "$3" --clients "$4" --rate "$RATE" --seconds "$SECONDS_PER_RUN" --warmup "$WARMUP" --secret "$SECRET" \
    2> >(if [ -n "${GCLOG:-}" ]; then cat >>"$GCLOG"; else cat >&2; fi) | tee -a "$WORK/results.jsonl" | grep '^RESULT' >&2
}
for n in $CLIENTS; do
  run "voip (C#)" "http://127.0.0.1:$CP_PORT" "$CP_PID" "$n"
  run "baseline (Node socket.io)" "http://127.0.0.1:$NODE_PORT" "$NODE_PID" "$n"
done

# Appended as a dated section, so earlier runs stay in the file beside this one.
[ -s "$OUT" ] || printf '# Signaling benchmark: C# Socket.IO endpoint vs. Node socket.io baseline\n' >"$OUT"
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) (\`scripts/bench-signaling.sh\`, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "$(nproc) cores ($(uname -r)); load average at start $LOAD_START, at end $(cut -d' ' -f1-3 /proc/loadavg).${CP_ENV:+ C# server environment: \`$CP_ENV\`.}"
  echo "Load tool: \`bench/signaling-load/load.mjs\` (socket.io-client $(node -p "require('./bench/signaling-load/node_modules/socket.io-client/package.json').version"), one Node process)."
  echo "Baseline: \`bench/signaling-baseline/server.mjs\` (npm socket.io $(node -p "require('./bench/signaling-baseline/node_modules/socket.io/package.json').version"), Node $(node --version)) — **baseline only**, it keeps calls in memory and writes no history; the C# server also writes every call to SQLite."
  echo
  echo "Each setup: call-user (+ack) → incoming-call → reject-call (+ack) → call-rejected, at $RATE setups/s offered (open loop) for $SECONDS_PER_RUN s after a ${WARMUP}s warm-up."
  echo "Latency = call-user emitted by the caller's socket → incoming-call received by the callee's socket (same process, one monotonic clock)."
  echo "Server CPU = utime+stime of the server process over the measured window / setups (per connect: over the connect phase / sockets)."
  echo
  echo "| server | clients | connect s | CPU µs/connect | setups | p50 ms | p99 ms | max ms | msgs/s | CPU µs/setup | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  node -e '
    const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(l => l.startsWith("{"));
    for (const l of lines) { const r = JSON.parse(l);
      console.log(`| ${r.label} | ${r.connected}/${r.clients} | ${r.connect_s} | ${r.server_cpu_us_per_connect ?? "-"} | ${r.setups} | ${r.p50_ms} | ${r.p99_ms} | ${r.max_ms} | ${r.msgs_per_s} | ${r.server_cpu_us_per_setup ?? "-"} | ${r.errors + r.skipped} |`); }
  ' "$WORK/results.jsonl"
  echo
  echo "Raw results (one JSON line per run):"
  echo
  echo '```'
  cat "$WORK/results.jsonl" | grep '^{'
  echo '```'
} >>"$OUT"
cat "$OUT"
