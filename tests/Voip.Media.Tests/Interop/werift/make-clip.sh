#!/usr/bin/env bash
# Regenerates the clips peer.mjs loops when it sends (committed so sending needs no ffmpeg;
# Debian `ffmpeg` to regenerate):
# - clip-vp8.ivf: 2 s of ffmpeg's test pattern, 320x180 at 15 fps, a key frame every 15 frames, ~150 kbit/s.
# - clip-opus.ogg: 2 s of a 440 Hz tone, Opus in 20 ms frames, mono, ~24 kbit/s.
set -euo pipefail
cd "$(dirname "$0")"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "testsrc2=size=320x180:rate=15" -t 2 \
  -c:v libvpx -b:v 150k -g 15 -keyint_min 15 -auto-alt-ref 0 -lag-in-frames 0 -deadline realtime -cpu-used 8 \
  -f ivf clip-vp8.ivf
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=48000" -t 2 -ac 1 \
  -c:a libopus -b:a 24k -frame_duration 20 -application audio -map_metadata -1 -fflags +bitexact \
  -f ogg clip-opus.ogg
