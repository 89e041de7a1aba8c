#!/usr/bin/env bash
# Benchmarks/run-api.sh -- `/data` hit throughput and latency of `seisapi serve` (release) on
# loopback with wrk (Debian), a bounded run. The store is a local directory filled by one
# `seiscron run` tick over Samples/sds; the request is a 10-minute hit for HV.UWE..HHZ.
# Target (issue 7): >= 10k req/s and p99 <= 5 ms on this 2-core machine.
#
# Environment: SKIP_BUILD=1, SCRATCH (build folder, default .build), PORT (18500), DURATION (10s),
# CONNECTIONS (32), THREADS (1: wrk shares the 2 cores with the server).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/api"
PORT="${PORT:-18500}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seiscron >&2
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seisapi >&2
fi
BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/seiscron" run --at 2025-11-04T22:12:00Z --source sds:"$ROOT/Samples/sds" --data-dir "$WORK/data" --log-level error
LOG_LEVEL=error "$BIN/seisapi" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --source sds:"$ROOT/Samples/sds" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/data?network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ&start=2025-11-04T22:00:00Z&end=2025-11-04T22:10:00Z"
test "$(curl -s -o /dev/null -w '%{http_code} ' "$URL")$(curl -s -D - -o /dev/null "$URL" | tr -d '\r' | grep -i '^x-cache:')" = "200 X-Cache: hit" \
    || { echo "the benchmark request is not a hit" >&2; exit 1; }
wrk -t "${THREADS:-1}" -c "${CONNECTIONS:-32}" -d "${DURATION:-10s}" --latency "$URL" | tee "$WORK/wrk.txt"
rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
echo "seisapi /data hit: $rps req/s, p99 $p99 (target >= 10000 req/s, p99 <= 5ms)"
