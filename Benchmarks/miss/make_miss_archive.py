#!/usr/bin/env python3
"""Write the SDS archive of the /data miss benchmark (ObsPy from the repository's .venv).

    make_miss_archive.py OUT_DIR [DAYS]

HV.UWE..HHZ (Kilauea, a configured channel), 100 Hz, DAYS days (default 8) from
2025-10-20T00:00:00Z, an int32 random walk (seed 23), STEIM2, 512-byte big-endian records as
FDSN dataselect serves them, one SDS day file per day. Deterministic; skips days already written.
"""

import sys
from pathlib import Path

import numpy as np
from obspy import Trace, UTCDateTime

out = Path(sys.argv[1])
days = int(sys.argv[2]) if len(sys.argv) > 2 else 8
start = UTCDateTime("2025-10-20T00:00:00Z")
rate = 100.0
folder = out / "2025" / "HV" / "UWE" / "HHZ.D"
folder.mkdir(parents=True, exist_ok=True)
for day in range(days):
    day_start = start + day * 86400
    path = folder / f"HV.UWE..HHZ.D.2025.{day_start.julday:03d}"
    if path.exists():
        continue
    rng = np.random.default_rng(23 + day)
    data = (np.cumsum(rng.integers(-40, 41, int(86400 * rate))) + 1000 * day).astype(np.int32)
    trace = Trace(data, header={"network": "HV", "station": "UWE", "location": "", "channel": "HHZ",
                                "sampling_rate": rate, "starttime": day_start})
    trace.write(str(path), format="MSEED", encoding="STEIM2", reclen=512, byteorder=">")
    print(f"wrote {path.name}", file=sys.stderr)
