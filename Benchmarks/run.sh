#!/usr/bin/env bash
# Benchmarks/run.sh -- compare SeedCore with libmseed 2.x (record decode; whole day from file
# to window against ms_readtraces) and ObsPy (gappy whole-day window job) in one run.
# Runnable from any directory.  See Benchmarks/README.md.
#
# Environment:
#   PYTHON        python with ObsPy (default: <repo>/.venv/bin/python)
#   ROUNDS        rounds; each runs every seiscache/libmseed measurement once, in
#                 fresh processes, the sides alternating          (default 3)
#   DECODE_RUNS   best-of-N passes inside each decode process     (default 10)
#   OBSPY_RUNS    rounds that also run the ObsPy window job       (default 2)
#   BENCH_STRICT  1: exit 3 when a performance target is missed   (default 0)
#   SKIP_BUILD    1: use the already built binaries               (default 0)
#
# Exit status: 0 ok, 1 the sides disagree (window or decoded samples), 2 setup/build
# failure or a measurement that failed, 3 a target missed with BENCH_STRICT=1.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
WORK="$BENCH/work"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
DECODE_RUNS="${DECODE_RUNS:-10}"
ROUNDS="${ROUNDS:-3}"
OBSPY_RUNS="${OBSPY_RUNS:-2}"
BENCH_STRICT="${BENCH_STRICT:-0}"
SKIP_BUILD="${SKIP_BUILD:-0}"

CHANNEL="HV.UWE..HHZ"
DAY_START="2025-11-04T00:00:00Z"
DAY_END="2025-11-05T00:00:00Z"
DAY_FILE="$WORK/day_steim2_4096.mseed"
GAPPY_DIR="$WORK/day_gappy"
RESULTS="$WORK/results"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 2; }

[[ "$ROUNDS" =~ ^[1-9][0-9]*$ && "$OBSPY_RUNS" =~ ^[1-9][0-9]*$ && "$DECODE_RUNS" =~ ^[1-9][0-9]*$ ]] \
    || die "ROUNDS, OBSPY_RUNS and DECODE_RUNS must be positive integers"
[[ -x "$PYTHON" ]] || die "no python at $PYTHON (set PYTHON to a python with ObsPy)"
mkdir -p "$WORK" "$RESULTS"

# --- data -------------------------------------------------------------------------------
if [[ ! -f "$DAY_FILE" || ! -f "$GAPPY_DIR/MANIFEST.json" ]]; then
    log "making benchmark data in $WORK"
    "$PYTHON" "$BENCH/make_bench_data.py" --out "$WORK" --force
fi
shopt -s nullglob
GAPPY_FILES=("$GAPPY_DIR"/*.mseed)   # glob order is sorted: the same order for both sides
shopt -u nullglob
(( ${#GAPPY_FILES[@]} > 0 )) || die "no files in $GAPPY_DIR"

# --- build ------------------------------------------------------------------------------
C_BENCH="$WORK/decode_bench"
C_TRACES="$WORK/readtraces_bench"
if [[ "$SKIP_BUILD" != 1 ]]; then
    log "building libmseed drivers"
    # shellcheck disable=SC2046
    cc -O2 -o "$C_BENCH" "$BENCH/libmseed/decode_bench.c" $(pkg-config --cflags --libs mseed) \
        || die "cannot build the libmseed driver (is libmseed-dev installed?)"
    # shellcheck disable=SC2046
    cc -O2 -o "$C_TRACES" "$BENCH/libmseed/readtraces_bench.c" $(pkg-config --cflags --libs mseed) \
        || die "cannot build the libmseed ms_readtraces driver"
    log "building seedcore-bench (release)"
    swift build -c release --package-path "$BENCH" --product seedcore-bench >&2 \
        || die "swift build of Benchmarks failed"
fi
SWIFT_BENCH="$(swift build -c release --package-path "$BENCH" --show-bin-path)/seedcore-bench"
[[ -x "$C_BENCH" ]] || die "missing $C_BENCH"
[[ -x "$C_TRACES" ]] || die "missing $C_TRACES"
[[ -x "$SWIFT_BENCH" ]] || die "missing $SWIFT_BENCH"

# --- measure (every measurement in its own process) ---------------------------------------
rm -f "$RESULTS"/*.json

# Rounds alternate the sides so that a load spike on a shared machine hits both.
for ((i = 1; i <= ROUNDS; i++)); do
    log "round $i/$ROUNDS: decode, libmseed ($DECODE_RUNS passes)"
    "$C_BENCH" "$DAY_FILE" "$DECODE_RUNS" > "$RESULTS/decode_libmseed_$i.json" \
        || die "libmseed decode failed"
    log "round $i/$ROUNDS: decode, seiscache ($DECODE_RUNS passes)"
    "$SWIFT_BENCH" decode "$DAY_FILE" "$DECODE_RUNS" > "$RESULTS/decode_seiscache_$i.json" \
        || die "seedcore-bench decode failed"
    log "round $i/$ROUNDS: whole day, libmseed ms_readtraces (1 pass, fresh process)"
    "$C_TRACES" "$DAY_FILE" 1 > "$RESULTS/day_libmseed_$i.json" || die "libmseed ms_readtraces failed"
    log "round $i/$ROUNDS: whole day, seiscache process (fresh process)"
    "$SWIFT_BENCH" process "$CHANNEL" "$DAY_START" "$DAY_END" "$DAY_FILE" > "$RESULTS/day_seiscache_$i.json" \
        || die "seedcore-bench process (whole day) failed"
done
log "decode: obspy.read (context, 3 passes)"
"$PYTHON" "$BENCH/obspy_pipeline.py" decode "$DAY_FILE" 3 > "$RESULTS/decode_obspy_1.json" \
    || die "obspy_pipeline.py decode failed"

for ((i = 1; i <= ROUNDS; i++)); do
    log "round $i/$ROUNDS: gappy day, seiscache"
    "$SWIFT_BENCH" process "$CHANNEL" "$DAY_START" "$DAY_END" "${GAPPY_FILES[@]}" \
        > "$RESULTS/process_seiscache_$i.json" || die "seedcore-bench process failed"
    if ((i <= OBSPY_RUNS)); then
        log "round $i/$ROUNDS: gappy day, ObsPy"
        "$PYTHON" "$BENCH/obspy_pipeline.py" process "$CHANNEL" "$DAY_START" "$DAY_END" "${GAPPY_FILES[@]}" \
            > "$RESULTS/process_obspy_$i.json" || die "obspy_pipeline.py process failed"
    fi
done

# --- compare and report -------------------------------------------------------------------
set +e
"$PYTHON" - "$RESULTS" "$BENCH_STRICT" <<'PY'
import glob, json, math, os, sys

results, strict = sys.argv[1], sys.argv[2] == "1"

def load(name):
    with open(os.path.join(results, name)) as f:
        return json.loads(f.read())

def runs(prefix):
    return [load(os.path.basename(p)) for p in sorted(glob.glob(os.path.join(results, prefix + "_*.json")))]

best = lambda rs: min(rs, key=lambda r: r["seconds"])
decs_lib, decs_sc = runs("decode_libmseed"), runs("decode_seiscache")
dec_lib, dec_sc, dec_py = best(decs_lib), best(decs_sc), best(runs("decode_obspy"))
proc_sc, proc_py = runs("process_seiscache"), runs("process_obspy")
day_lib, day_sc = runs("day_libmseed"), runs("day_seiscache")

errors, warnings = [], []

# Decoders must agree on what they decoded (every run).
for name, d in [("seiscache", d) for d in decs_sc] + [("libmseed", d) for d in decs_lib] + [("obspy", dec_py)]:
    if d["samples"] != dec_lib["samples"]:
        errors.append(f"decode: {name} decoded {d['samples']} samples, libmseed {dec_lib['samples']}")
    if d["sum"] != dec_lib["sum"]:
        errors.append(f"decode: {name} sample sum {d['sum']} != libmseed {dec_lib['sum']}")
if dec_sc.get("checksum") != dec_lib["checksum"]:
    # Only meaningful when both keep record order in one trace (true for the day file).
    errors.append(f"decode: seiscache checksum {dec_sc.get('checksum')} != libmseed {dec_lib['checksum']}")

# Whole day: seiscache's window is the day, which is libmseed's one trace.
for r in day_sc:
    for k in ("samples", "sum", "checksum"):
        if r[k] != day_lib[0][k]:
            errors.append(f"whole day: seiscache {k} {r[k]} != libmseed ms_readtraces {day_lib[0][k]}")

# The window must be the same int32 array (fingerprint) on every run of both sides.
keys = ("samples", "min", "max", "sum", "checksum")
ref = proc_py[0]
for side, rs in (("seiscache", proc_sc), ("ObsPy", proc_py)):
    for i, r in enumerate(rs, 1):
        diff = [f"{k} {r[k]} vs ObsPy {ref[k]}" for k in keys if r[k] != ref[k]]
        if diff:
            errors.append(f"window: {side} run {i} differs: " + ", ".join(diff))

# The summaries should agree too (reported, not fatal: the fingerprint is the contract here).
s_py = ref["summary"]
for i, r in enumerate(proc_sc, 1):
    s_sc = r["summary"]
    for k in ("samples", "sample_rate", "min", "max", "gap_count", "gap_samples_filled",
              "edge_filled_samples", "real_samples", "clamped_samples", "accepted"):
        if k in s_sc and s_sc[k] != s_py[k]:
            warnings.append(f"run {i} summary {k}: seiscache {s_sc[k]} vs ObsPy {s_py[k]}")
    for k in ("gap_duration_seconds", "completeness"):
        if k in s_sc and not math.isclose(s_sc[k], s_py[k], rel_tol=1e-9, abs_tol=1e-6):
            warnings.append(f"run {i} summary {k}: seiscache {s_sc[k]} vs ObsPy {s_py[k]}")
    if r["traces_read"] != ref["traces_read"]:
        warnings.append(f"run {i}: seiscache read {r['traces_read']} traces, obspy.read {ref['traces_read']}")

msps = lambda d: d["samples"] / d["seconds"] / 1e6
mib = lambda kib: kib / 1024.0
x_sc, x_lib, x_py = msps(dec_sc), msps(dec_lib), msps(dec_py)
decode_ratio = x_sc / x_lib

best_sc, best_py = best(proc_sc), best(proc_py)
t1, t2 = best_sc["seconds"], best_py["seconds"]
r1 = max(r["peak_rss_kib"] for r in proc_sc)
r2 = max(r["peak_rss_kib"] for r in proc_py)
speed = t2 / t1
rss_ratio = r1 / r2

t_day_lib = best(day_lib)["seconds"]
t_day_sc = best(day_sc)["seconds"]
day_ratio = t_day_lib / t_day_sc

targets = [
    ("decode ratio", decode_ratio >= 1.5),
    ("whole-day ratio", day_ratio >= 1.0),
    ("gappy-day speed", speed >= 20),
    ("gappy-day RSS ratio", rss_ratio <= 0.2),
]
mark = lambda ok: "ok" if ok else "MISSED"

print()
print(f"{'measurement':<34}{'seiscache':>14}{'reference':>14}   reference is")
print("-" * 78)
print(f"{'decode day, Msamples/s':<34}{x_sc:>14.1f}{x_lib:>14.1f}   libmseed {dec_lib['decoder'].split()[-1]} (msr_parse)")
print(f"{'decode day, s (best)':<34}{dec_sc['seconds']:>14.4f}{dec_lib['seconds']:>14.4f}")
print(f"{'  context: reader (traces), Ms/s':<34}{dec_sc['samples'] / dec_sc['reader_seconds'] / 1e6:>14.1f}{'':>14}   MiniSEEDReader.read")
print(f"{'  context: obspy.read, Msamples/s':<34}{'':>14}{x_py:>14.1f}   ObsPy (bundled libmseed 2.19)")
print(f"{'whole day file->window, s':<34}{t_day_sc:>14.4f}{t_day_lib:>14.4f}   libmseed ms_readtraces (file->traces)")
print(f"{'gappy day read+merge+cut, s':<34}{t1:>14.3f}{t2:>14.3f}   ObsPy {len(proc_py)} run(s), seiscache {len(proc_sc)}")
print(f"{'  of which read, s':<34}{best_sc['read_seconds']:>14.3f}{best_py['read_seconds']:>14.3f}")
print(f"{'gappy day peak RSS, MiB':<34}{mib(r1):>14.1f}{mib(r2):>14.1f}   whole process (ru_maxrss)")
print(f"{'window samples / traces read':<34}{best_sc['samples']:>14}{best_py['samples']:>14}")
print(f"{'':<34}{best_sc['traces_read']:>14}{best_py['traces_read']:>14}")
print()
print(f"decode: seiscache {x_sc:.1f} Msamples/s, libmseed {x_lib:.1f} Msamples/s, "
      f"ratio {decode_ratio:.2f} (target >= 1.5) {mark(targets[0][1])}")
print(f"whole day: seiscache process {t_day_sc:.4f} s, libmseed ms_readtraces {t_day_lib:.4f} s, "
      f"ratio {day_ratio:.2f} (target >= 1.0) {mark(targets[1][1])}")
print(f"gappy day: seiscache {t1:.3f} s / {mib(r1):.1f} MB, ObsPy {t2:.3f} s / {mib(r2):.1f} MB, "
      f"speed x{speed:.1f} (target >= 20) {mark(targets[2][1])}, "
      f"RSS ratio {rss_ratio:.3f} (target <= 0.2) {mark(targets[3][1])}")
print(f"window: samples {ref['samples']}, min {ref['min']}, max {ref['max']}, checksum {ref['checksum']} -- "
      + ("seiscache == ObsPy" if not any(e.startswith("window") for e in errors) else "MISMATCH"))
print(f"decoded samples: libmseed {dec_lib['samples']}, seiscache {dec_sc['samples']}, obspy {dec_py['samples']} -- "
      + ("agree" if not any(e.startswith("decode") for e in errors) else "DISAGREE"))
for w in warnings:
    print("warning:", w)
for e in errors:
    print("ERROR:", e)

with open(os.path.join(results, "summary.json"), "w") as f:
    json.dump({
        "decode_msamples_per_s": {"seiscache": x_sc, "libmseed": x_lib, "obspy": x_py},
        "decode_ratio": decode_ratio,
        "whole_day_seconds": {"seiscache": t_day_sc, "libmseed_readtraces": t_day_lib},
        "whole_day_ratio": day_ratio,
        "gappy_day_seconds": {"seiscache": t1, "obspy": t2},
        "gappy_day_peak_rss_kib": {"seiscache": r1, "obspy": r2},
        "speed": speed, "rss_ratio": rss_ratio,
        "targets_met": {name: ok for name, ok in targets},
        "errors": errors, "warnings": warnings,
    }, f, indent=1, sort_keys=True)

if errors:
    sys.exit(1)
if strict and not all(ok for _, ok in targets):
    sys.exit(3)
PY
status=$?
set -e
exit "$status"
