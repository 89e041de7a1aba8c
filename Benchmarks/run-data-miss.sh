#!/usr/bin/env bash
# Benchmarks/run-data-miss.sh -- a `/data` miss of `seisapi serve` (release) against the benchmark
# FDSN server (tick/fdsn_server.py) answering each request after DELAY_SECONDS, over an SDS
# archive of 8 days of 100 Hz HV.UWE..HHZ (miss/make_miss_archive.py, written once to
# Benchmarks/work/miss). Issue 23's two targets, measured in the same run (miss/miss_benchmark.py):
#   1. metadata first for any length: the first `chunk` line of a 7-day miss within 1.2x the
#      time of a 24-hour miss's;
#   3. parallel storing: a whole 24-hour miss within 1.2x the time to fetch its data alone.
#
# Environment: ROUNDS (3), DELAY_SECONDS (1.0), FIRST_CHUNK_ONLY=1 (target 1 alone: each miss read to its
# first chunk), SKIP_BUILD=1, SCRATCH (build folder, default
# .build), BIN_DIR (use the binaries there instead), PYTHON (venv with ObsPy), PORT (18600, the
# FDSN server on PORT + 1).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/miss"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PORT="${PORT:-18600}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
if [[ -n "${BIN_DIR:-}" ]]; then
    BIN="$BIN_DIR"
else
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seisapi >&2
    fi
    BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
fi
mkdir -p "$WORK"
"$PYTHON" "$BENCH/miss/make_miss_archive.py" "$WORK/sds" 8
DELAY_SECONDS="${DELAY_SECONDS:-1.0}" "$PYTHON" "$BENCH/tick/fdsn_server.py" "$WORK/sds" "$((PORT + 1))" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$((PORT + 1))/fdsnws/dataselect/1/version" && break; sleep 0.1; done
"$PYTHON" "$BENCH/miss/miss_benchmark.py" "$BIN/seisapi" "$PORT" "http://127.0.0.1:$((PORT + 1))" "$WORK" "${ROUNDS:-3}"
