"""Write the small SDS archive the README's first command runs a tick on (deterministic).

    .venv/bin/python Samples/make_sds_sample.py [OUT_DIR]     (default: Samples/sds)

The 15 channels of the shipped station config (`seiscron stations`), 2025-11-04 21:58-22:12 UTC,
written by ObsPy as STEIM2 in 512-byte records in the SDS layout SeisComP's slarchive uses
(YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY). The signals are seeded random walks with a
small tremor-like oscillation; HV.OBL..HHZ has a 3 s gap at 22:04:10 so the log shows
interpolation. `seiscron run --at 2025-11-04T22:12:00Z --source sds:Samples/sds` stores the
22:00-22:10 window of every channel.
"""
import sys
from pathlib import Path

import numpy as np
from obspy import Stream, Trace, UTCDateTime

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "sds"
START, END = UTCDateTime("2025-11-04T21:58:00"), UTCDateTime("2025-11-04T22:12:00")
CHANNELS = [
    ("HV", "UWE", "", "HHZ", 100.0), ("HV", "OBL", "", "HHZ", 100.0), ("HV", "UWB", "", "HHZ", 100.0),
    ("HV", "MOKD", "", "HHZ", 100.0), ("HV", "SWRD", "", "EHZ", 100.0), ("HV", "WILD", "", "EHZ", 100.0),
    ("AV", "GSTD", "", "BHZ", 50.0), ("AV", "GSTR", "", "BHZ", 50.0), ("AV", "GSSP", "", "BHZ", 50.0),
    ("AV", "SSLS", "", "BHZ", 50.0), ("AV", "SSLN", "", "BHZ", 50.0), ("AV", "SSBA", "", "BHZ", 50.0),
    ("AV", "SPCP", "", "BHZ", 50.0), ("AV", "SPBG", "", "BHZ", 50.0), ("AV", "SPCN", "", "BHZ", 50.0),
]

rng = np.random.default_rng(20251104)
for net, sta, loc, cha, rate in CHANNELS:
    n = int(round((END - START) * rate))
    t = np.arange(n) / rate
    walk = np.cumsum(rng.integers(-12, 13, size=n))
    tremor = 300 * np.sin(2 * np.pi * 1.7 * t) * np.exp(-((t - 400) / 120) ** 2)
    trace = Trace(data=(walk + tremor).astype(np.int32))
    trace.stats.network, trace.stats.station, trace.stats.location, trace.stats.channel = net, sta, loc, cha
    trace.stats.sampling_rate, trace.stats.starttime = rate, START
    traces = [trace]
    if sta == "OBL":
        gap = UTCDateTime("2025-11-04T22:04:10")
        traces = [trace.slice(START, gap - trace.stats.delta), trace.slice(gap + 3, END)]
    folder = OUT / f"{START.year}" / net / sta / f"{cha}.D"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{net}.{sta}.{loc}.{cha}.D.{START.year}.{START.julday:03d}"
    Stream(traces).write(str(path), format="MSEED", encoding="STEIM2", reclen=512)
