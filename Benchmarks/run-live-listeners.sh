#!/usr/bin/env bash
# Benchmarks/run-live-listeners.sh -- one `seisapi serve --live` replica (release) with LISTENERS
# `/live` WebSocket listeners spread over the station config's 15 channels, fed by
# `seedlink-test-server` replaying Samples/sds in real time on loopback (issue 25).
#
# Reported (one JSON line, from Benchmarks/live_listeners.py): the frames' added delay -- from
# the moment the test server released a record (its last sample time passed on the server's
# replay clock) to the frame's arrival at the listener, p50/p99/max over every live frame of
# every listener after all were connected -- and seisapi's peak RSS (VmHWM) next to its RSS
# before the listeners came. The delay includes the listeners' own Python event loop, which
# shares the 2 cores with seisapi and the test server.
# Targets: issue 25 -- frames delivered with <= 1 s added delay, RSS bounded (reported).
#
# Environment: SKIP_BUILD=1, SCRATCH (build folder, default .build), BIN_DIR (use binaries there),
# PORT (18600), LISTENERS (1000), SECONDS (120: how long the listeners listen), SPEED (1: the
# replay clock's speed), REPLAY_FROM (2025-11-04T21:59:00Z: a minute into the sample day, so
# each channel's ring holds a minute's backlog at once; the sample runs to 22:12).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/live"
PORT="${PORT:-18600}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
LISTENERS="${LISTENERS:-1000}"
SECONDS_LISTENING="${SECONDS:-120}"
SPEED="${SPEED:-1}"
REPLAY_FROM="${REPLAY_FROM:-2025-11-04T21:59:00Z}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
"$PYTHON" -c 'import websockets' 2>/dev/null || { echo "websockets is missing: scripts/setup (Tests/requirements.txt)" >&2; exit 2; }
# Every listener is a socket on both sides.
ulimit -n "$(( LISTENERS * 2 + 1024 ))"
if [[ -n "${BIN_DIR:-}" ]]; then
    BIN="$BIN_DIR"
else
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seisapi >&2
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seedlink-test-server >&2
    fi
    BIN="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)"
fi
rm -rf "$WORK" && mkdir -p "$WORK/data"

"$BIN/seedlink-test-server" --replay-from "$REPLAY_FROM" --speed "$SPEED" "$ROOT/Samples/sds" >"$WORK/seedlink.json" &
feeder=$!
trap 'kill $feeder ${server:-} 2>/dev/null || true' EXIT
for _ in $(seq 100); do [[ -s "$WORK/seedlink.json" ]] && break; sleep 0.1; done
SEEDLINK_PORT="$("$PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["port"])' "$WORK/seedlink.json")"

# Room for the listeners: the connection caps and the listener limits above LISTENERS.
LOG_LEVEL=error HTTP_MAX_CONNECTIONS=$((LISTENERS + 100)) MAX_CONNECTIONS_PER_CLIENT=$((LISTENERS + 100)) \
    LIVE_LISTENERS=$((LISTENERS + 100)) LIVE_LISTENERS_PER_CHANNEL=$((LISTENERS + 100)) \
    "$BIN/seisapi" serve --host 127.0.0.1 --port "$PORT" --data-dir "$WORK/data" --source sds:"$ROOT/Samples/sds" \
    --live "seedlink:127.0.0.1:$SEEDLINK_PORT" &
server=$!
for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/health" && break; sleep 0.1; done
# The channels and their volcanoes, as the API lists them.
mapfile -t CHANNELS < <(curl -s "http://127.0.0.1:$PORT/api/stations" |
    "$PYTHON" -c 'import json, sys; [print(s["id"] + "=" + s["volcano"]) for s in json.load(sys.stdin)["stations"]]')
(( ${#CHANNELS[@]} > 0 )) || { echo "no channels from /api/stations" >&2; exit 1; }
sleep 2  # the feed connects and takes the backlog
rss_kb() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$server/status"; }
BEFORE_KB="$(rss_kb VmRSS)"
RESULT="$("$PYTHON" "$BENCH/live_listeners.py" "ws://127.0.0.1:$PORT/live" "$LISTENERS" "$SECONDS_LISTENING" "$SPEED" \
    "$(cat "$WORK/seedlink.json")" "${CHANNELS[@]}")"
PEAK_KB="$(rss_kb VmHWM)"
AFTER_KB="$(rss_kb VmRSS)"
echo "$RESULT" | "$PYTHON" -c '
import json, sys
result = json.load(sys.stdin)
result.update(channels=int(sys.argv[1]), seconds=float(sys.argv[2]), speed=float(sys.argv[3]),
              seisapi_rss_mb={"before_listeners": round(int(sys.argv[4]) / 1024, 1), "peak": round(int(sys.argv[5]) / 1024, 1),
                              "after": round(int(sys.argv[6]) / 1024, 1)})
print(json.dumps(result))
' "${#CHANNELS[@]}" "$SECONDS_LISTENING" "$SPEED" "$BEFORE_KB" "$PEAK_KB" "$AFTER_KB"
