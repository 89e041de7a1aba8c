#!/usr/bin/env bash
# Benchmarks/run-tick-scaling.sh -- a tick's cost per channel as the channel count grows: one
# `seiscron run` (release) of 15 and one of 600 channels, in the same run, on an SDS archive of
# copies of one 100 Hz channel (Samples/sds's HV.UWE..HHZ with the station code rewritten in
# every record header: HV.S0001..HHZ ...), into a local store. Issue 14's goal: the 600-channel
# tick costs at most 1.5x per channel what the 15-channel tick does (a bulk response decoded once
# per channel, instead of once per channel for every channel, grew with the square of them).
#
# Reports, best of ROUNDS per size: the tick's own time (the summary's run_start..run_end, no
# process start-up), the process's wall time, and both per channel; checks every channel stored.
#
# Environment: ROUNDS (default 3), SIZES (default "15 600"), SKIP_BUILD=1, SEISCRON (a built
# binary instead of this package's release build), SCRATCH (build folder, default .build),
# PYTHON (python3 with nothing extra needed).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work/tick-scaling"
PYTHON="${PYTHON:-python3}"
ROUNDS="${ROUNDS:-3}"
SIZES="${SIZES:-15 600}"
SCRATCH="${SCRATCH:-$ROOT/.build}"
mkdir -p "$WORK"
if [[ -z "${SEISCRON:-}" ]]; then
    if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
        swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product seiscron >&2
    fi
    SEISCRON="$(swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --show-bin-path)/seiscron"
fi

"$PYTHON" - "$SEISCRON" "$ROOT/Samples/sds/2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308" "$WORK" "$ROUNDS" $SIZES <<'PY'
import json, os, shutil, struct, subprocess, sys, time
from datetime import datetime
from pathlib import Path

seiscron, source, work, rounds = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
sizes = [int(n) for n in sys.argv[5:]]
template = source.read_bytes()

def record_length(data, offset):
    """The record length from blockette 1000 (big-endian headers, as ObsPy wrote them)."""
    next_blockette = struct.unpack(">H", data[offset + 46:offset + 48])[0]
    while next_blockette:
        kind, following = struct.unpack(">HH", data[offset + next_blockette:offset + next_blockette + 4])
        if kind == 1000:
            return 1 << data[offset + next_blockette + 6]
        next_blockette = following
    sys.exit("run-tick-scaling.sh: a record of the template has no blockette 1000")

def copy_as(station):
    """The template with every record's station code replaced (5 characters, space padded)."""
    data = bytearray(template)
    offset = 0
    while offset < len(data):
        data[offset + 8:offset + 13] = station.ljust(5).encode()
        offset += record_length(data, offset)
    return bytes(data)

def archive(n):
    """An SDS archive of n copies and a station config including each of them."""
    root = work / f"sds-{n}"
    stations = [f"S{i:04d}" for i in range(1, n + 1)]
    if not (root / "complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        for station in stations:
            folder = root / "2025" / "HV" / station / "HHZ.D"
            folder.mkdir(parents=True)
            (folder / f"HV.{station}..HHZ.D.2025.308").write_bytes(copy_as(station))
        (root / "complete").write_text("")
    config = work / f"stations-{n}.json"
    config.write_text(json.dumps({
        "volcanoes": [], "include": [{"volcano": "kilauea", "channel": f"HV.{s}..HHZ", "sample_rate": 100} for s in stations]}))
    return root, config

env = dict(os.environ, RETRY_WINDOW_SECONDS="0", CATCHUP_MINUTES="0", CHECKPOINT_REBUILDS_PER_TICK="0",
           LOG_LEVEL="warning")
for key in [k for k in env if k.startswith(("R2_", "S3_"))]:
    del env[key]

def seconds(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()

results = {}
for n in sizes:
    root, config = archive(n)
    best = None
    for _ in range(rounds):
        out = work / f"store-{n}"
        shutil.rmtree(out, ignore_errors=True)
        start = time.perf_counter()
        proc = subprocess.run(
            [seiscron, "run", "--at", "2025-11-04T22:12:00Z", "--source", f"sds:{root}", "--config", str(config),
             "--data-dir", str(out), "--json-summary"], capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            sys.exit(f"run-tick-scaling.sh: seiscron failed ({proc.returncode}) for {n} channels: {proc.stderr[-2000:]}")
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        if summary["successful_stations"] != n or sum(1 for r in summary["results"] if r["status"] == "stored") != n:
            sys.exit(f"run-tick-scaling.sh: {n} channels: {summary['successful_stations']} stored")
        tick = seconds(summary["run_end"]) - seconds(summary["run_start"])
        if best is None or tick < best[0]:
            best = (tick, wall)
    results[n] = best

print(f"tick of N copies of a 100 Hz channel, 10 min each, SDS archive, local store; best of {rounds}")
print(f"{'channels':>9}{'tick s':>10}{'ms/channel':>12}{'process s':>11}{'ms/channel':>12}")
for n, (tick, wall) in results.items():
    print(f"{n:>9}{tick:>10.3f}{tick / n * 1000:>12.2f}{wall:>11.3f}{wall / n * 1000:>12.2f}")
if len(sizes) >= 2:
    small, large = sizes[0], sizes[-1]
    ratio = (results[large][0] / large) / (results[small][0] / small)
    print(f"per-channel cost, {large} vs {small} channels (tick time): {ratio:.2f}x; goal <= 1.5x -> "
          f"{'met' if ratio <= 1.5 else 'MISSED'}")
PY
