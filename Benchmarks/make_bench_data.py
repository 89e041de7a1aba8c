#!/usr/bin/env python3
"""Write the benchmark data sets into Benchmarks/work/ (run with the ObsPy venv python).

* work/day_steim2_4096.mseed -- one 100 Hz day (8,640,000 int32 samples) of HV.UWE..HHZ
  starting 2025-11-04T00:00:00Z, STEIM2, 4096-byte big-endian records, one trace.
* work/day_gappy/*.mseed -- the same signal as the cron would fetch it in pieces: about
  200 traces with random gaps (1 sample .. 60 s), contiguous joins, identical and
  differing overlaps, a few duplicated records, spread over a handful of files, the
  records of one file shuffled.  512-byte records (what FDSN dataselect serves).

Everything is written with ObsPy's own miniSEED writer and is deterministic (fixed seed):
running the script twice gives byte-identical files.

Usage: .venv/bin/python Benchmarks/make_bench_data.py [--out DIR] [--force]
"""

import argparse
import io
import json
import sys
from pathlib import Path

import numpy as np
from obspy import Trace, UTCDateTime
from scipy import signal

SEED = 20251104
RATE = 100.0
DAY_START = UTCDateTime("2025-11-04T00:00:00Z")
DAY_SAMPLES = 8_640_000
# The gappy day reaches a little into the neighbouring days, as a fetch with margins does.
LEAD_SAMPLES = 9_500  # 95 s before midnight
TAIL_SAMPLES = 8_300  # 83 s after the next midnight
HEADER = {"network": "HV", "station": "UWE", "location": "", "channel": "HHZ"}

GAPPY_RECLEN = 512
GAPPY_FILES = 5  # plus one late file with shuffled records


# --------------------------------------------------------------------------- signal


def make_signal(rng, n):
    """Seismic-looking int32 trace: coloured background noise (~ +-1e4), a microseism
    swell, a few dozen local/regional bursts and two rare large events (~ +-1e6)."""
    # Background: band-limited noise, 0.05 .. 20 Hz.
    sos = signal.butter(4, [0.05, 20.0], btype="bandpass", fs=RATE, output="sos")
    noise = signal.sosfilt(sos, rng.standard_normal(n))
    noise *= 3000.0 / noise.std()

    # Microseism: 0.15-0.3 Hz narrow band, slowly modulated.
    sos_m = signal.butter(2, [0.15, 0.3], btype="bandpass", fs=RATE, output="sos")
    micro = signal.sosfilt(sos_m, rng.standard_normal(n))
    micro *= 2500.0 / micro.std()
    t = np.arange(n) / RATE
    micro *= 1.0 + 0.5 * np.sin(2 * np.pi * t / 43_200.0 + rng.uniform(0, 2 * np.pi))

    x = noise + micro

    # Bursts: enveloped band-limited noise.  Amplitudes log-uniform 5e3 .. 1e5, and two
    # large events that reach ~1e6.
    def add_event(amplitude, duration_s, f_lo, f_hi):
        length = int(duration_s * RATE)
        start = int(rng.integers(0, n - length))
        sos_e = signal.butter(3, [f_lo, f_hi], btype="bandpass", fs=RATE, output="sos")
        burst = signal.sosfilt(sos_e, rng.standard_normal(length))
        burst /= np.abs(burst).max()
        tt = np.arange(length) / RATE
        rise = max(0.5, 0.03 * duration_s)
        envelope = (1 - np.exp(-tt / rise)) * np.exp(-tt / (0.25 * duration_s))
        envelope /= envelope.max()
        x[start:start + length] += amplitude * burst * envelope

    for _ in range(40):
        add_event(10 ** rng.uniform(np.log10(5e3), 5.0), rng.uniform(10, 120), 1.0, 15.0)
    for amplitude in (1.2e6, 8e5):
        add_event(amplitude, rng.uniform(300, 600), 0.1, 8.0)

    return np.rint(np.clip(x, -(2**31 - 1), 2**31 - 1)).astype(np.int32)


def trace(data, start):
    tr = Trace(data=np.ascontiguousarray(data, dtype=np.int32), header=dict(HEADER))
    tr.stats.sampling_rate = RATE
    tr.stats.starttime = start
    return tr


def records_of(tr, reclen):
    """ObsPy-written STEIM2 records of one trace, as a list of bytes objects."""
    buf = io.BytesIO()
    tr.write(buf, format="MSEED", encoding="STEIM2", reclen=reclen, byteorder=">")
    raw = buf.getvalue()
    assert len(raw) % reclen == 0
    return [raw[i:i + reclen] for i in range(0, len(raw), reclen)]


# --------------------------------------------------------------------------- gappy day


def plan_pieces(rng, total):
    """Split [0, total) into pieces joined by gaps / contiguous joins / overlaps.

    Returns a list of dicts {start, end, perturb} in global sample indices; `perturb`
    is the number of leading samples whose values differ from the signal (a differing
    overlap with the previous piece)."""
    pieces = []
    pos = 0
    kinds = ["gap", "gap", "gap", "gap", "contiguous", "same_overlap", "diff_overlap"]
    stats = {k: 0 for k in set(kinds)}
    perturb = 0
    while pos < total:
        length = int(rng.integers(20_000, 95_000))
        end = min(total, pos + length)
        if total - end < 5_000:  # no tiny trailing piece
            end = total
        pieces.append({"start": pos, "end": end, "perturb": perturb})
        if end == total:
            break
        kind = kinds[int(rng.integers(0, len(kinds)))]
        stats[kind] += 1
        perturb = 0
        if kind == "gap":
            # 1 sample .. 60 s, log-uniform.
            gap = int(np.rint(10 ** rng.uniform(0.0, np.log10(6000.0))))
            pos = end + gap
        elif kind == "contiguous":
            pos = end
        else:
            overlap = int(rng.integers(1, 1500))
            pos = end - overlap
            if kind == "diff_overlap":
                perturb = overlap
    return pieces, stats


def make_gappy(rng, full, out_dir):
    pieces, stats = plan_pieces(rng, len(full))
    start0 = DAY_START - LEAD_SAMPLES / RATE

    # One short piece goes to the late file, its records shuffled.
    candidates = [i for i, p in enumerate(pieces)
                  if 20_000 <= p["end"] - p["start"] <= 30_000 and 0 < i < len(pieces) - 1]
    late_index = candidates[len(candidates) // 2]

    # Contiguous runs of pieces go to the hourly-ish files, in time order.
    regular = [i for i in range(len(pieces)) if i != late_index]
    bounds = np.linspace(0, len(regular), GAPPY_FILES + 1).astype(int)
    file_records = [[] for _ in range(GAPPY_FILES + 1)]
    piece_records = {}
    for f in range(GAPPY_FILES):
        for i in regular[bounds[f]:bounds[f + 1]]:
            p = pieces[i]
            data = full[p["start"]:p["end"]].copy()
            if p["perturb"]:
                # Nonzero offsets: the re-sent samples differ from the earlier piece's.
                m = p["perturb"]
                delta = rng.integers(1, 401, m) * rng.choice(np.array([-1, 1]), m)
                data[:m] += delta.astype(np.int32)
            recs = records_of(trace(data, start0 + p["start"] / RATE), GAPPY_RECLEN)
            piece_records[i] = recs
            file_records[f].extend(recs)

    p = pieces[late_index]
    late = records_of(trace(full[p["start"]:p["end"]], start0 + p["start"] / RATE), GAPPY_RECLEN)
    order = rng.permutation(len(late))
    file_records[GAPPY_FILES] = [late[k] for k in order]

    # A few duplicated records: records from the middle of pieces whose neighbours join
    # without a differing overlap, repeated in another file (a re-fetch).
    dup_sources = [i for i in regular
                   if pieces[i]["perturb"] == 0
                   and (i + 1 >= len(pieces) or pieces[i + 1]["perturb"] == 0)]
    duplicated = 0
    for i in rng.choice(dup_sources, size=6, replace=False):
        recs = piece_records[int(i)]
        rec = recs[len(recs) // 2]
        target = int(rng.integers(0, GAPPY_FILES))
        file_records[target].append(rec)
        duplicated += 1

    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.mseed"):
        old.unlink()
    names = []
    for f, recs in enumerate(file_records):
        name = f"part_{f:02d}.mseed" if f < GAPPY_FILES else "part_late_shuffled.mseed"
        (out_dir / name).write_bytes(b"".join(recs))
        names.append(name)

    summary = {
        "pieces": len(pieces),
        "joins": stats,
        "late_piece_records_shuffled": len(late),
        "duplicated_records": duplicated,
        "files": names,
        "records": sum(len(r) for r in file_records),
    }
    (out_dir / "MANIFEST.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    return summary


# --------------------------------------------------------------------------- main


def main():
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=here / "work")
    ap.add_argument("--force", action="store_true", help="rewrite existing files")
    args = ap.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)

    day_path = out / "day_steim2_4096.mseed"
    gappy_dir = out / "day_gappy"
    if not args.force and day_path.exists() and (gappy_dir / "MANIFEST.json").exists():
        print(f"bench data already in {out} (use --force to rewrite)", file=sys.stderr)
        return

    rng = np.random.default_rng(SEED)
    full = make_signal(rng, LEAD_SAMPLES + DAY_SAMPLES + TAIL_SAMPLES)
    day = full[LEAD_SAMPLES:LEAD_SAMPLES + DAY_SAMPLES]

    tr = trace(day, DAY_START)
    tr.write(str(day_path), format="MSEED", encoding="STEIM2", reclen=4096, byteorder=">")
    print(f"{day_path}: {day_path.stat().st_size} bytes, {len(day)} samples, "
          f"min {int(day.min())} max {int(day.max())}", file=sys.stderr)

    summary = make_gappy(rng, full, gappy_dir)
    print(f"{gappy_dir}: {json.dumps(summary, sort_keys=True)}", file=sys.stderr)


if __name__ == "__main__":
    main()
