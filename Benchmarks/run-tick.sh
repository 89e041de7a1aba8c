#!/usr/bin/env bash
# Benchmarks/run-tick.sh -- one cron tick of the 15 channels: `seiscron run` (release) against
# the seed's ObsPy pipeline (tick/obspy_tick.py), both fetching the same window from the same
# local FDSN server (tick/fdsn_server.py over Samples/sds) into a local store, in one run.
# Reports wall time and peak RSS of each whole process, best of ROUNDS, and checks that both
# stored the same samples.
#
# Environment: ROUNDS (default 5), SKIP_BUILD=1, SCRATCH (build folder, default .build), PYTHON (venv
# with ObsPy + zstandard), PORT (18400).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/tick"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
ROUNDS="${ROUNDS:-5}"
PORT="${PORT:-18400}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
mkdir -p "$WORK"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seiscron >&2
fi
SEISCRON="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)/seiscron"

"$PYTHON" "$BENCH/tick/fdsn_server.py" "$ROOT/Samples/sds" "$PORT" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/fdsnws/dataselect/1/version" && break; sleep 0.1; done

"$PYTHON" - "$SEISCRON" "$PYTHON" "$BENCH/tick/obspy_tick.py" "http://127.0.0.1:$PORT" "$WORK" "$ROUNDS" <<'PY'
import json, os, resource, shutil, subprocess, sys, time
from pathlib import Path
import numpy as np, zstandard

seiscron, python, obspy_tick, base, work, rounds = sys.argv[1:7]
work, rounds = Path(work), int(rounds)
env = dict(os.environ, FDSN_BASE_URL=base, REQUEST_DELAY_SECONDS="0", RETRY_WINDOW_SECONDS="0", CATCHUP_MINUTES="0",
           CHECKPOINT_REBUILDS_PER_TICK="0", LOG_LEVEL="warning")
for key in [k for k in env if k.startswith(("R2_", "S3_"))]:
    del env[key]

def measure(cmd, **kw):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kw)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"run-tick.sh: {cmd[0]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    # ru_maxrss of children is the max over all children so far: run the small one first.
    return wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, proc.stdout

def chunk_sum(root):
    total, count = 0, 0
    for path in Path(root).rglob("*.bin.zst"):
        total += int(np.frombuffer(zstandard.ZstdDecompressor().decompress(path.read_bytes()), "<i4").astype("int64").sum())
        count += 1
    return total, count

results = {"seiscache": [], "obspy": []}
for i in range(rounds):
    out = work / "seiscache"
    shutil.rmtree(out, ignore_errors=True)
    wall, rss, stdout = measure([seiscron, "run", "--at", "2025-11-04T22:12:00Z", "--data-dir", str(out), "--json-summary"], env=env)
    summary = json.loads(stdout.strip().splitlines()[-1])
    results["seiscache"].append((wall, rss))
    ours = chunk_sum(out)
for i in range(rounds):
    out = work / "obspy"
    shutil.rmtree(out, ignore_errors=True)
    wall, rss, stdout = measure([python, obspy_tick, base, str(out), "2025-11-04T22:00:00", "2025-11-04T22:10:00"])
    results["obspy"].append((wall, rss, json.loads(stdout)))
theirs = (results["obspy"][-1][2]["sum"], results["obspy"][-1][2]["stored"])
if ours != theirs or summary["successful_stations"] != 15:
    sys.exit(f"run-tick.sh: the sides differ: seiscache (sum, chunks) {ours}, ObsPy {theirs}, summary {summary['successful_stations']}/15")
s_wall = min(w for w, _ in results["seiscache"])
s_rss = max(r for _, r in results["seiscache"][:1]) / 1024
o_wall = min(w for w, _, _ in results["obspy"])
o_work = min(r["seconds"] for _, _, r in results["obspy"])
o_rss = max(r["peak_rss_kib"] for _, _, r in results["obspy"]) / 1024
print(f"tick of 15 channels, 10 min each, local FDSN server, local store; best of {rounds}")
print(f"{'':12}{'wall s':>10}{'peak RSS MiB':>15}")
print(f"{'seiscache':12}{s_wall:>10.3f}{s_rss:>15.1f}")
print(f"{'ObsPy seed':12}{o_wall:>10.3f}{o_rss:>15.1f}   (pipeline without interpreter start: {o_work:.3f} s)")
print(f"ObsPy/seiscache wall: {o_wall / s_wall:.1f}x; targets: seiscache <= 1 s and <= 64 MiB -> "
      f"{'met' if s_wall <= 1 and s_rss <= 64 else 'MISSED'}")
print(f"same samples: {ours[1]} chunks, sum {ours[0]}")
PY
