#!/usr/bin/env python3
"""Write a 48-hour SDS archive for the seisapi tests (ObsPy 1.5.1 from the repository's .venv).

    .venv/bin/python Tests/SeisAPITests/Fixtures/make_long_sds.py OUT_DIR

HV.LONG..LHZ, 1 Hz, 2025-11-02T00:00:00Z to 2025-11-04T00:00:00Z, int32 random walk (seed 7),
STEIM2, 512-byte records, one SDS day file per day; a 5-second gap at 2025-11-02T03:30:00Z.
Prints a JSON line with ObsPy's view of the data (min, max, samples) for the tests.
"""

import json
import sys
from pathlib import Path

import numpy as np
from obspy import Stream, Trace, UTCDateTime

out = Path(sys.argv[1])
start = UTCDateTime("2025-11-02T00:00:00Z")
n = 48 * 3600
rng = np.random.default_rng(7)
data = np.cumsum(rng.integers(-40, 41, n)).astype(np.int32)
gap_at = int(UTCDateTime("2025-11-02T03:30:00Z") - start)
header = {"network": "HV", "station": "LONG", "location": "", "channel": "LHZ", "sampling_rate": 1.0}
left = Trace(data[:gap_at].copy(), header=dict(header, starttime=start))
right = Trace(data[gap_at + 5:].copy(), header=dict(header, starttime=start + gap_at + 5))
stream = Stream([left, right])
for day in range(2):
    day_start = start + day * 86400
    part = stream.slice(day_start, day_start + 86400 - 1)
    folder = out / "2025" / "HV" / "LONG" / "LHZ.D"
    folder.mkdir(parents=True, exist_ok=True)
    part.write(str(folder / f"HV.LONG..LHZ.D.2025.{day_start.julday:03d}"), format="MSEED", encoding="STEIM2", reclen=512)
kept = np.concatenate([left.data, right.data])
print(json.dumps({"samples": int(kept.size), "min": int(kept.min()), "max": int(kept.max())}))
