#!/usr/bin/env bash
# Benchmarks/run-live.sh -- `seiscron live` (release) against `seedlink-test-server` (release)
# replaying miniSEED in real time on loopback (issue 25's benchmarks of the live service):
#
#  1. freshness: the shipped sample's 15 channels replayed from 22:09:40 at the wall clock's
#     pace; for each 22:00-22:10 window, the time from the moment the record holding its last
#     sample was due on the server's clock to the chunk file written (target: <= 5 s).
#  2. scale: CHANNELS (default 600) copies of HV.UWE..HHZ (the station code rewritten in every
#     record, as run-tick-scaling.sh makes them) replayed at SPEED (default 10) times the wall
#     clock: the live process's CPU seconds per channel-hour of data and its peak RSS.
#
# Environment: CHANNELS, SPEED, SKIP_BUILD=1, SCRATCH (build folder, default .build), PYTHON.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/live"
PYTHON="${PYTHON:-python3}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
mkdir -p "$WORK"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seiscron >&2
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seedlink-test-server >&2
fi
BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
exec "$PYTHON" "$BENCH/live/live_benchmark.py" "$BIN" "$ROOT/Samples/sds" "$WORK" "${CHANNELS:-600}" "${SPEED:-10}"
