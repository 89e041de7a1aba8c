#!/usr/bin/env python3
"""Write the FDSN fixtures of PipelineTests: miniSEED per channel, station text, expectations.

Run from anywhere (ObsPy 1.5.1 from the repository's .venv):

    .venv/bin/python Tests/PipelineTests/Fixtures/make_fdsn_fixtures.py

It (re)creates, next to itself:

* ``fdsn/NET.STA.LOC.CHA.mseed``: one file per production channel, 2025-11-04T21:58:00Z to
  22:12:00Z (the tick window 22:00-22:10 plus 2 minutes either side), int32 random walks
  (numpy seeded per channel), STEIM2, 512-byte big-endian records, written by ObsPy.
  Exceptions the tick tests rely on:
  - ``HV.OBL..HHZ`` has a 3 s gap: no samples in [22:05:00, 22:05:03).
  - ``AV.SPCN..BHZ`` ends at 22:04:00 (last sample 22:03:59.98): the window is incomplete.
* ``fdsn-day/NET.STA.LOC.CHA.mseed``: a day of two 1 Hz channels (``HV.UWE..LHZ``,
  ``HV.OBL..LHZ``), 2025-11-03T12:00:00Z to 2025-11-04T12:00:00Z, the same kind of random walk
  (smaller steps), STEIM2, 512-byte big-endian records: the four 6 h checkpoints a tick at
  2025-11-04T14:12 audits (12-18 and 18-24 of 11-03, 00-06 and 06-12 of 11-04), kept apart so
  the 10-minute fixtures' checks see only their own channels. ``HV.OBL..LHZ`` has a 20 s gap:
  no samples in [2025-11-04T08:00:00, 08:00:20).
* ``fdsn/stations.txt``: FDSN station web service text format, level=channel.
* ``fdsn/expected.json``: per channel, what ObsPy reads from the records overlapping the
  window [22:00, 22:10) (a record [start, start + npts/rate) overlaps when it starts before
  the window ends and ends after it starts; the FDSN test server selects the same way):
  ``records``, ``samples``, ``sum``, ``weighted_sum`` (sum of i * x_i over the samples in
  record order, i from 0), ``first_start_ns``.

Deterministic: fixed seeds, integer signals; running it twice gives identical bytes.
"""

import io
import json
import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True

import obspy  # noqa: E402
from obspy import Stream, Trace, UTCDateTime  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "fdsn"
DAY_OUT = HERE / "fdsn-day"
RECLEN = 512
FILE_START = UTCDateTime("2025-11-04T21:58:00Z")
FILE_END = UTCDateTime("2025-11-04T22:12:00Z")
WINDOW_START = UTCDateTime("2025-11-04T22:00:00Z")
WINDOW_END = UTCDateTime("2025-11-04T22:10:00Z")

# (network, station, location, channel, rate, latitude, longitude, elevation m, sensor)
CHANNELS = [
    ("HV", "UWE", "", "HHZ", 100.0, 19.4211, -155.2921, 1240.0, "Nanometrics Trillium Compact 120"),
    ("HV", "OBL", "", "HHZ", 100.0, 19.4175, -155.3300, 1068.0, "Nanometrics Trillium Compact 120"),
    ("HV", "UWB", "", "HHZ", 100.0, 19.4254, -155.2783, 1097.0, "Nanometrics Trillium Compact 120"),
    ("HV", "MOKD", "", "HHZ", 100.0, 19.4884, -155.5960, 4012.0, "Nanometrics Trillium Compact 120"),
    ("HV", "SWRD", "", "EHZ", 100.0, 19.4606, -155.6252, 3746.0, "Mark Products L-4C"),
    ("HV", "WILD", "", "EHZ", 100.0, 19.4892, -155.5761, 3368.0, "Mark Products L-4C"),
    ("AV", "GSTD", "", "BHZ", 50.0, 52.0618, -176.1340, 532.0, "Nanometrics Trillium 120PH"),
    ("AV", "GSTR", "", "BHZ", 50.0, 52.0593, -176.0865, 302.0, "Nanometrics Trillium 120PH"),
    ("AV", "GSSP", "", "BHZ", 50.0, 52.0908, -176.1413, 410.0, "Nanometrics Trillium 120PH"),
    ("AV", "SSLS", "", "BHZ", 50.0, 54.7389, -163.9904, 830.0, "Nanometrics Trillium Compact 120"),
    ("AV", "SSLN", "", "BHZ", 50.0, 54.7812, -163.9459, 720.0, "Nanometrics Trillium Compact 120"),
    ("AV", "SSBA", "", "BHZ", 50.0, 54.7201, -163.9102, 418.0, "Nanometrics Trillium Compact 120"),
    ("AV", "SPCP", "", "BHZ", 50.0, 61.2650, -152.1780, 1135.0, "Nanometrics Trillium 120PH"),
    ("AV", "SPBG", "", "BHZ", 50.0, 61.2596, -152.3710, 1085.0, "Nanometrics Trillium 120PH"),
    ("AV", "SPCN", "", "BHZ", 50.0, 61.2240, -152.1840, 738.0, "Nanometrics Trillium 120PH"),
]

# (network, station, location, channel, rate): the day-long checkpoint fixtures.
DAY_CHANNELS = [("HV", "UWE", "", "LHZ", 1.0), ("HV", "OBL", "", "LHZ", 1.0)]
DAY_START = UTCDateTime("2025-11-03T12:00:00Z")
DAY_END = UTCDateTime("2025-11-04T12:00:00Z")
DAY_GAP_CHANNEL = "HV.OBL..LHZ"
DAY_GAP_START = UTCDateTime("2025-11-04T08:00:00Z")
DAY_GAP_SECONDS = 20

GAP_CHANNEL = "HV.OBL..HHZ"
GAP_START = UTCDateTime("2025-11-04T22:05:00Z")
GAP_SECONDS = 3
SHORT_CHANNEL = "AV.SPCN..BHZ"
SHORT_END = UTCDateTime("2025-11-04T22:04:00Z")


def source_id(net, sta, loc, cha):
    return f"{net}.{sta}.{loc}.{cha}"


def random_walk(rng, count, step=40):
    steps = rng.integers(-step, step + 1, size=count, dtype=np.int64)
    return (np.cumsum(steps) + int(rng.integers(-5000, 5000))).astype(np.int32)


def make_traces(index, net, sta, loc, cha, rate):
    rng = np.random.default_rng(20251104 + index)
    sid = source_id(net, sta, loc, cha)
    header = {"network": net, "station": sta, "location": loc, "channel": cha, "sampling_rate": rate}
    total = int(round((FILE_END - FILE_START) * rate))
    data = random_walk(rng, total)
    if sid == GAP_CHANNEL:
        cut = int(round((GAP_START - FILE_START) * rate))
        resume = cut + int(round(GAP_SECONDS * rate))
        return [
            Trace(data=data[:cut].copy(), header=dict(header, starttime=FILE_START)),
            Trace(data=data[resume:].copy(), header=dict(header, starttime=FILE_START + resume / rate)),
        ]
    if sid == SHORT_CHANNEL:
        count = int(round((SHORT_END - FILE_START) * rate))
        return [Trace(data=data[:count].copy(), header=dict(header, starttime=FILE_START))]
    return [Trace(data=data, header=dict(header, starttime=FILE_START))]


def make_day_traces(index, net, sta, loc, cha, rate):
    rng = np.random.default_rng(20251103 + index)
    header = {"network": net, "station": sta, "location": loc, "channel": cha, "sampling_rate": rate}
    data = random_walk(rng, int(round((DAY_END - DAY_START) * rate)), step=7)
    if source_id(net, sta, loc, cha) == DAY_GAP_CHANNEL:
        cut = int(round((DAY_GAP_START - DAY_START) * rate))
        resume = cut + int(round(DAY_GAP_SECONDS * rate))
        return [
            Trace(data=data[:cut].copy(), header=dict(header, starttime=DAY_START)),
            Trace(data=data[resume:].copy(), header=dict(header, starttime=DAY_START + resume / rate)),
        ]
    return [Trace(data=data, header=dict(header, starttime=DAY_START))]


def overlapping_records(raw):
    """ObsPy's reading of each record that overlaps [WINDOW_START, WINDOW_END)."""
    result = []
    for offset in range(0, len(raw), RECLEN):
        trace = obspy.read(io.BytesIO(raw[offset:offset + RECLEN]), format="MSEED")[0]
        start_ns = trace.stats.starttime.ns
        end_ns = start_ns + int(round(trace.stats.npts / trace.stats.sampling_rate * 1e9))
        if start_ns < WINDOW_END.ns and end_ns > WINDOW_START.ns:
            result.append(trace)
    return result


def station_line(net, sta, loc, cha, rate, lat, lon, elev, sensor):
    fields = [net, sta, loc, cha, f"{lat:.4f}", f"{lon:.4f}", f"{elev:.1f}", "0.0", "0.0", "-90.0", sensor,
              "1.50E+09", "1.0", "M/S", f"{rate:.1f}", "2019-01-01T00:00:00", ""]
    return "|".join(fields)


def main():
    OUT.mkdir(exist_ok=True)
    expected = {}
    lines = ["#Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip "
             "| SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime"]
    for index, (net, sta, loc, cha, rate, lat, lon, elev, sensor) in enumerate(CHANNELS):
        sid = source_id(net, sta, loc, cha)
        stream = Stream(make_traces(index, net, sta, loc, cha, rate))
        path = OUT / f"{sid}.mseed"
        stream.write(str(path), format="MSEED", encoding="STEIM2", reclen=RECLEN, byteorder=">")
        records = overlapping_records(path.read_bytes())
        samples = np.concatenate([t.data.astype(np.int64) for t in records])
        expected[sid] = {
            "records": len(records),
            "samples": int(samples.size),
            "sum": int(samples.sum()),
            "weighted_sum": int((np.arange(samples.size, dtype=np.int64) * samples).sum()),
            "first_start_ns": int(records[0].stats.starttime.ns),
        }
        lines.append(station_line(net, sta, loc, cha, rate, lat, lon, elev, sensor))
    (OUT / "stations.txt").write_text("\n".join(lines) + "\n")
    DAY_OUT.mkdir(exist_ok=True)
    for index, (net, sta, loc, cha, rate) in enumerate(DAY_CHANNELS):
        stream = Stream(make_day_traces(index, net, sta, loc, cha, rate))
        path = DAY_OUT / f"{source_id(net, sta, loc, cha)}.mseed"
        stream.write(str(path), format="MSEED", encoding="STEIM2", reclen=RECLEN, byteorder=">")
    (OUT / "expected.json").write_text(json.dumps({
        "obspy": obspy.__version__,
        "window_start": str(WINDOW_START),
        "window_end": str(WINDOW_END),
        "channels": expected,
    }, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
