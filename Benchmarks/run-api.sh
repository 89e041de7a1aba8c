#!/usr/bin/env bash
# Benchmarks/run-api.sh -- `/data` hit throughput and latency of `seisapi serve` (release) on
# loopback with wrk (Debian), a bounded run. The store is a local directory filled by one
# `seiscron run` tick over Samples/sds; the request is a 10-minute hit for HV.UWE..HHZ.
#
# The reference is Hummingbird's floor on the same server in the same run: an unknown route
# (a 404 through the same middleware, no handler). Other builds share these cores and their
# load comes in bursts, so each round interleaves the two in SLICES short wrk runs in ABBA
# order (floor, hit, hit, floor, ...): both see the same load. A round's throughput is its
# requests over its time, its p99 the median of its slices' p99; the ratios are taken within
# a round and the median over the rounds is reported.
# Targets: issue 15 -- hit >= 0.8x the floor's req/s, hit p99 <= 2x the floor's p99;
# issue 7 -- >= 10k req/s and p99 <= 5 ms on this 2-core machine.
#
# Environment: SKIP_BUILD=1, SCRATCH (build folder, default .build), BIN_DIR (use the binaries
# there instead, e.g. a saved earlier build, to compare), PORT (18500), DURATION (10s),
# CONNECTIONS (32), THREADS (1: wrk shares the 2 cores with the server), ROUNDS (3), SLICES (4:
# each of the floor and the hit runs DURATION per round, in SLICES / 2 pieces).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/api"
PORT="${PORT:-18500}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
ROUNDS="${ROUNDS:-3}"
SLICES="${SLICES:-4}"
DURATION="${DURATION:-10s}"
SLICE_SECONDS=$(awk -v d="${DURATION%s}" -v n="$SLICES" 'BEGIN { s = 2 * d / n; print (s < 1 ? 1 : int(s + 0.5)) }')
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
if [[ -n "${BIN_DIR:-}" ]]; then
    BIN="$BIN_DIR"
else
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seiscron >&2
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seisapi >&2
    fi
    BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
fi
rm -rf "$WORK" && mkdir -p "$WORK"
"$BIN/seiscron" run --at 2025-11-04T22:12:00Z --source sds:"$ROOT/Samples/sds" --data-dir "$WORK/data" --log-level error
LOG_LEVEL=error "$BIN/seisapi" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --source sds:"$ROOT/Samples/sds" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/data?network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ&start=2025-11-04T22:00:00Z&end=2025-11-04T22:10:00Z"
FLOOR="http://127.0.0.1:$PORT/no-such-route"
test "$(curl -s -o /dev/null -w '%{http_code} ' "$URL")$(curl -s -D - -o /dev/null "$URL" | tr -d '\r' | grep -i '^x-cache:')" = "200 X-Cache: hit" \
    || { echo "the benchmark request is not a hit" >&2; exit 1; }
test "$(curl -s -o /dev/null -w '%{http_code}' "$FLOOR")" = 404 || { echo "the floor route is not a 404" >&2; exit 1; }

measure() { # name url round slice -> the wrk report in $WORK/name-round-slice.txt
    wrk -t "${THREADS:-1}" -c "${CONNECTIONS:-32}" -d "${SLICE_SECONDS}s" --latency "$2" >"$WORK/$1-$3-$4.txt"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }
rps() { # name round: requests over seconds of the round's slices ("41634 requests in 10.06s, ...")
    cat "$WORK/$1-$2-"*.txt | awk '/ requests in / { n += $1; t += $4 } END { printf "%.0f", n / t }'
}
p99ms() { # name round: the median of the slices' p99 (wrk prints 812.00us, 3.30ms or 1.02s)
    cat "$WORK/$1-$2-"*.txt | awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
        print (u == "us" ? v / 1000 : (u == "s" ? v * 1000 : (u == "m" ? v * 60000 : v))) }' | median
}

printf '%-6s %12s %10s %12s %10s %10s %10s\n' round "floor req/s" "floor p99" "hit req/s" "hit p99" "req/s x" "p99 x"
: >"$WORK/ratios.txt"
for round in $(seq "$ROUNDS"); do
    for slice in $(seq "$SLICES"); do
        if (( slice % 4 == 1 || slice % 4 == 0 )); then measure floor "$FLOOR" "$round" "$slice"; else measure hit "$URL" "$round" "$slice"; fi
    done
    line=$(awk -v fr="$(rps floor "$round")" -v fp="$(p99ms floor "$round")" -v hr="$(rps hit "$round")" -v hp="$(p99ms hit "$round")" \
        'BEGIN { printf "%.0f %.2f %.0f %.2f %.3f %.3f", fr, fp, hr, hp, hr / fr, hp / fp }')
    echo "$line" >>"$WORK/ratios.txt"
    read -r fr fp hr hp rr pr <<<"$line"
    printf '%-6s %12s %8sms %12s %8sms %10s %10s\n' "$round" "$fr" "$fp" "$hr" "$hp" "$rr" "$pr"
done
cat "$WORK/hit-$ROUNDS-2.txt"
hit_rps=$(awk '{print $3}' "$WORK/ratios.txt" | median)
hit_p99=$(awk '{print $4}' "$WORK/ratios.txt" | median)
rps_ratio=$(awk '{print $5}' "$WORK/ratios.txt" | median)
p99_ratio=$(awk '{print $6}' "$WORK/ratios.txt" | median)
echo "seisapi /data hit: $hit_rps req/s, p99 ${hit_p99}ms (median of $ROUNDS; target >= 10000 req/s, p99 <= 5ms)"
echo "hit vs floor (median of $ROUNDS rounds): throughput ${rps_ratio}x (target >= 0.8), p99 ${p99_ratio}x (target <= 2)"
