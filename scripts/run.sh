#!/usr/bin/env bash
# Starts the AOT media engine and the control plane on embedded defaults (SQLite under data/,
# in-process bus); Ctrl-C stops both. Environment variables (seed appendix B) override defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p data

# A random JWT secret kept across restarts, unless the operator gave one.
if [ -z "${JWT_SECRET:-}" ]; then
  if [ ! -s data/jwt-secret ]; then
    (umask 077; head -c 48 /dev/urandom | base64 -w0 > data/jwt-secret)
  fi
  JWT_SECRET=$(cat data/jwt-secret)
  export JWT_SECRET
fi
export HOST="${HOST:-127.0.0.1}"
export PORT="${PORT:-3000}"
# The engine's gRPC address (the engine reads VOIP_MEDIA_GRPC) and the control plane's list of engines must agree.
export VOIP_MEDIA_GRPC="${VOIP_MEDIA_GRPC:-127.0.0.1:3005}"
export MEDIA_ENGINES="${MEDIA_ENGINES:-http://$VOIP_MEDIA_GRPC}"

dotnet build control-plane/Voip.ControlPlane/Voip.ControlPlane.csproj -c Release -nologo -v q

./out/voip-media &
engine=$!
# Per-request framework logs are noise on a console; ASPNETCORE_LOG_LEVEL=Information shows them.
env "Logging__LogLevel__Microsoft.AspNetCore=${ASPNETCORE_LOG_LEVEL:-Warning}" \
  dotnet control-plane/Voip.ControlPlane/bin/Release/net10.0/voip-control-plane.dll &
control=$!
stop() {
  kill "$control" "$engine" 2>/dev/null || true
  wait "$control" "$engine" 2>/dev/null || true
}
trap stop EXIT INT TERM
echo "voip: open http://$HOST:$PORT/ in a browser (web client; API docs at /docs), media engine gRPC on $VOIP_MEDIA_GRPC — Ctrl-C stops both"
wait -n "$engine" "$control"
