#!/usr/bin/env bash
# Regenerates clip-vp8.ivf, the decodable VP8 clip peer.mjs loops when it sends video:
# 2 s of ffmpeg's test pattern, 320x180 at 15 fps, a key frame every 15 frames, ~150 kbit/s.
# Committed so the tests need no ffmpeg (Debian `ffmpeg` to regenerate).
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x180:rate=15" -t 2 \
  -c:v libvpx -b:v 150k -g 15 -keyint_min 15 -auto-alt-ref 0 -lag-in-frames 0 -deadline realtime -cpu-used 8 \
  -f ivf clip-vp8.ivf
