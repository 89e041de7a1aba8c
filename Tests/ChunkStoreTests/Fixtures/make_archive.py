"""Write a small SDS archive with ObsPy for the ingest test (deterministic).

    make_archive.py OUT_DIR

Channels (all cross midnight 2025-11-04/05 so chunks and day files split there):
* HV.UWE..HHZ  100 Hz STEIM2, 23:35-00:45, a 3.5 s gap at 23:52:10, a 60 s gap at 00:21:00
  (that window falls below 95 % and must not be stored), an overlap of 2 s at 00:05:00.
* HV.OBL..HHZ   50 Hz FLOAT32 (rounded to int32 on the way), 23:41:17.3-00:33:00.
* AV.GSTD.01.BHZ 40.96 Hz INT32, 23:50-00:10 (fractional rate in the key).
Files follow SDS: YEAR/NET/STA/CHA.D/NET.STA.LOC.CHA.D.YEAR.DOY, split at midnight.
"""
import sys
from pathlib import Path

import numpy as np
from obspy import Stream, Trace, UTCDateTime

OUT = Path(sys.argv[1])
rng = np.random.default_rng(20251104)


def walk(n, dtype):
    steps = rng.integers(-400, 401, size=n)
    values = np.cumsum(steps)
    return values.astype(dtype) if dtype != np.float32 else (values * 0.37).astype(np.float32)


def trace(net, sta, loc, cha, rate, start, end, dtype):
    n = int(round((UTCDateTime(end) - UTCDateTime(start)) * rate))
    tr = Trace(data=walk(n, dtype))
    tr.stats.network, tr.stats.station, tr.stats.location, tr.stats.channel = net, sta, loc, cha
    tr.stats.sampling_rate = rate
    tr.stats.starttime = UTCDateTime(start)
    return tr


def cut_out(tr, gap_start, seconds):
    """Split a trace, dropping `seconds` from gap_start."""
    a = tr.slice(tr.stats.starttime, UTCDateTime(gap_start) - tr.stats.delta)
    b = tr.slice(UTCDateTime(gap_start) + seconds, tr.stats.endtime)
    return [a, b]


def write_sds(traces, encoding):
    midnight = UTCDateTime("2025-11-05T00:00:00")
    for tr in traces:
        pieces = []
        if tr.stats.starttime < midnight:
            pieces.append(tr.slice(tr.stats.starttime, min(tr.stats.endtime, midnight - tr.stats.delta / 2)))
        if tr.stats.endtime >= midnight:
            pieces.append(tr.slice(max(tr.stats.starttime, midnight), tr.stats.endtime))
        for part in pieces:
            if part.stats.npts == 0:
                continue
            s = part.stats
            t = s.starttime
            folder = OUT / f"{t.year}" / s.network / s.station / f"{s.channel}.D"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{s.network}.{s.station}.{s.location}.{s.channel}.D.{t.year}.{t.julday:03d}"
            stream = Stream([part.copy()])
            if path.exists():
                from obspy import read
                stream = read(str(path)) + stream
            stream.write(str(path), format="MSEED", encoding=encoding, reclen=512)


uwe = trace("HV", "UWE", "", "HHZ", 100.0, "2025-11-04T23:35:00", "2025-11-05T00:45:00", np.int32)
parts = cut_out(uwe, "2025-11-04T23:52:10", 3.5)
late = cut_out(parts[1], "2025-11-05T00:21:00", 60)
overlap = late[0].slice(UTCDateTime("2025-11-05T00:04:58"), UTCDateTime("2025-11-05T00:05:00")).copy()
overlap.data = overlap.data + 7  # the later-starting trace wins over the overlap (ObsPy)
write_sds([parts[0], late[0], overlap, late[1]], "STEIM2")

obl = trace("HV", "OBL", "", "HHZ", 50.0, "2025-11-04T23:41:17.3", "2025-11-05T00:33:00", np.float32)
write_sds([obl], "FLOAT32")

gstd = trace("AV", "GSTD", "01", "BHZ", 40.96, "2025-11-04T23:50:00", "2025-11-05T00:10:00", np.int32)
write_sds([gstd], "INT32")
