#!/usr/bin/env bash
# Installs what the tests need, only when it is missing. Safe to run again.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/lib/x86_64-linux-gnu/libsrtp2.so.1 ] || ldconfig -p 2>/dev/null | grep -q libsrtp2.so.1 || need+=(libsrtp2-1)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)   # decodes what the werift room peer received
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
[ -e /usr/include/openssl/evp.h ] || need+=(libssl-dev)   # the loadtest's C floor forwarder

if [ ${#need[@]} -gt 0 ]; then
  echo "install-deps: apt-get install ${need[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: need root to install ${need[*]}; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
echo "install-deps: ok"
