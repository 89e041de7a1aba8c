#!/usr/bin/env bash
# Time to first audio of the web player in headless Chromium against a release `seisapi`
# (001 and 24): a stored range over HTTP (<= 100 ms), the same from IndexedDB (<= 30 ms),
# a 3-hour miss generated from the FDSN test server (<= 2.5 s), two channels together
# (<= 150 ms); the spectrogram of 1 h complete <= 300 ms after its chunks, its throughput
# against SciPy (>= 0.5x), a 24-hour range without underruns. Median of N runs each
# (default 11). Needs `scripts/setup` (chromium, chromium-driver, the .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-11}"
configuration="${CONFIGURATION:-release}"   # debug: measure a debug build (slower server, same page)
echo "run-player: building seisapi and seiscron ($configuration)" >&2
swift build -c "$configuration" --product seisapi >&2
swift build -c "$configuration" --product seiscron >&2
exec .venv/bin/python Benchmarks/player/player_benchmark.py "$runs" "$configuration"
