#!/usr/bin/env bash
# Publishes the Native-AOT media engine and fails on any AOT/trim warning from our code.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-out}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet publish media-engine/Voip.Media.Host/Voip.Media.Host.csproj -c Release -r linux-x64 \
  -o "$out" -nologo -v q -p:TreatWarningsAsErrors=true 2>&1 | tee "$log"
# IL2xxx/IL3xxx are trim/AOT analysis warnings.
if grep -E "warning IL[23][0-9]{3}" "$log" | grep -v "/.nuget/" >/dev/null; then
  echo "publish-aot: AOT/trim warnings from our code (above); fix them" >&2
  exit 1
fi
ls -l "$out/voip-media"
