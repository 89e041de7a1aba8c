#!/usr/bin/env python3
"""Write the SDS archive the player's browser tests and benchmark generate misses from.

    .venv/bin/python Tests/BrowserTests/make_archive.py OUT_DIR

HV.UWE..HHZ (a configured Kilauea channel), 100 Hz, 2025-11-03T00:00:00Z to
2025-11-05T00:00:00Z (48 hours): a seeded random walk with a 1.7 Hz tremor and a slow drift
(so the 0.1 Hz high-pass matters), int32, STEIM2 in 512-byte records, one SDS day file per
day, written by ObsPy; a 4-second gap at 2025-11-03T01:30:00Z. Deterministic, so the tests
compute their expectations from the chunks the server stores. Generated at test time (about
25 MB), not committed.
"""
import sys
from pathlib import Path

import numpy as np
from obspy import Stream, Trace, UTCDateTime

out = Path(sys.argv[1])
start = UTCDateTime("2025-11-03T00:00:00Z")
rate = 100.0
n = int(48 * 3600 * rate)
rng = np.random.default_rng(20251103)
t = np.arange(n) / rate
walk = np.cumsum(rng.integers(-20, 21, n))
signal = walk + 2000 * np.sin(2 * np.pi * 1.7 * t) + 5000 * np.sin(2 * np.pi * t / 7200.0)
data = np.round(signal).astype(np.int32)
header = {"network": "HV", "station": "UWE", "location": "", "channel": "HHZ", "sampling_rate": rate}
gap_at = int((UTCDateTime("2025-11-03T01:30:00Z") - start) * rate)
gap = int(4 * rate)
stream = Stream([
    Trace(data[:gap_at].copy(), header=dict(header, starttime=start)),
    Trace(data[gap_at + gap:].copy(), header=dict(header, starttime=start + (gap_at + gap) / rate)),
])
for day in range(2):
    day_start = start + day * 86400
    part = stream.slice(day_start, day_start + 86400 - 1 / rate)
    if not len(part):
        continue
    folder = out / str(day_start.year) / "HV" / "UWE" / "HHZ.D"
    folder.mkdir(parents=True, exist_ok=True)
    part.write(str(folder / f"HV.UWE..HHZ.D.{day_start.year}.{day_start.julday:03d}"), format="MSEED",
               encoding="STEIM2", reclen=512)
print(out)
