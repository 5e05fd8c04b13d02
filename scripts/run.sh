#!/usr/bin/env bash
# Starts the AOT media engine and the control plane on embedded defaults; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
./out/voip-media &
engine=$!
trap 'kill $engine 2>/dev/null; wait $engine 2>/dev/null' EXIT INT TERM
dotnet run -c Release --project control-plane/Voip.ControlPlane/Voip.ControlPlane.csproj
