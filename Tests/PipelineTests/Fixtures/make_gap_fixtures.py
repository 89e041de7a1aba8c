#!/usr/bin/env python3
"""Write the gap fixtures of PipelineTests: miniSEED with gaps and the gaps ObsPy reports.

Run from anywhere (ObsPy 1.5.1 from the repository's .venv):

    .venv/bin/python Tests/PipelineTests/Fixtures/make_gap_fixtures.py

It (re)creates ``gaps/`` next to itself:

* ``gaps/<case>.mseed``: one channel per case, int32 random walks (numpy seeded per case),
  STEIM2, 512-byte big-endian records, written by ObsPy; the traces of a case are written one
  after the other, so a reader sees them as ObsPy's reader does (gaps, overlaps, a trace
  inside another, traces off the sample grid, gaps across the window's edges).
* ``gaps/expected.json``: per case the channel, the window, and the rows of ObsPy's
  ``Stream.get_gaps()`` on the traces ``obspy.read`` returns, trimmed to the window's first
  and last sample times (``Stream.trim(start, end - 1/rate)``), positive gaps only (overlaps
  are not gaps): ``start`` / ``end`` (ISO 8601 with microseconds, as ``UTCDateTime`` prints
  them, and as nanoseconds), ``duration_seconds`` and ``samples``. These are the ``gaps`` a
  chunk entry of the day metadata records (``Docs/data-format.md``).

Deterministic: fixed seeds, integer signals; running it twice gives identical bytes.
"""

import io
import json
import sys
from pathlib import Path

import numpy as np

sys.dont_write_bytecode = True

from obspy import Stream, Trace, UTCDateTime, read  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "gaps"
RECLEN = 512
WINDOW_START = UTCDateTime("2025-11-04T22:00:00Z")
WINDOW_END = UTCDateTime("2025-11-04T22:10:00Z")

# case -> (network, station, location, channel, rate, [(start offset s from the window start, seconds)])
# Every case keeps >= 95 % of the window real, so the chunk is stored and its entry written.
CASES = {
    # A 2.5 s gap, a one-sample gap, data beyond both edges.
    "two_gaps": ("HV", "UWE", "", "HHZ", 100.0, [(-10, 190), (182.5, 100), (282.52, 330)]),
    # Overlapping traces (not gaps) and one 4 s gap.
    "overlap_and_gap": ("HV", "OBL", "", "HHZ", 100.0, [(-5, 200), (190, 150), (344, 260)]),
    # Two short traces inside a long one: the gap between them is covered, not reported.
    "covered_gap": ("HV", "UWB", "", "HHZ", 100.0, [(-5, 610), (120, 60), (240, 60)]),
    # Gaps across the window's start and end are outside the trimmed window: none reported.
    "edge_gaps": ("AV", "GSTD", "", "BHZ", 50.0, [(-20, 18), (1, 593.5), (597, 20)]),
    # Off the sample grid (3.3 ms and 7.1 ms late) at 40 Hz: fractional durations.
    "off_grid": ("AV", "SSLS", "", "BHZ", 40.0, [(0, 150.0033), (151.2071, 200), (352.1, 250)]),
}


def walk(n, seed):
    rng = np.random.default_rng(seed)
    return (np.cumsum(rng.integers(-40, 41, n)) + 500).astype(np.int32)


def trace(net, sta, loc, cha, rate, start, seconds, seed):
    npts = int(round(seconds * rate))
    return Trace(walk(npts, seed), header=dict(network=net, station=sta, location=loc, channel=cha,
                                                sampling_rate=rate, starttime=start))


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def main():
    OUT.mkdir(exist_ok=True)
    for old in OUT.glob("*"):
        old.unlink()
    expected = {"window_start": iso(WINDOW_START), "window_end": iso(WINDOW_END), "cases": []}
    for number, (name, (net, sta, loc, cha, rate, spans)) in enumerate(CASES.items()):
        buffer = io.BytesIO()
        for index, (offset, seconds) in enumerate(spans):
            tr = trace(net, sta, loc, cha, rate, WINDOW_START + offset, seconds, seed=100 * number + index)
            # One write per trace: records of different traces are never merged by the writer.
            Stream([tr]).write(buffer, format="MSEED", encoding="STEIM2", reclen=RECLEN, byteorder=">")
        data = buffer.getvalue()
        (OUT / f"{name}.mseed").write_bytes(data)
        stream = read(io.BytesIO(data))
        trimmed = stream.copy().trim(WINDOW_START, WINDOW_END - 1.0 / rate)
        gaps = [g for g in trimmed.get_gaps() if g[6] > 0]
        expected["cases"].append({
            "name": name,
            "file": f"{name}.mseed",
            "channel": f"{net}.{sta}.{loc}.{cha}",
            "sample_rate": rate,
            "traces": len(stream),
            "gaps": [{"start": iso(g[4]), "end": iso(g[5]), "start_ns": g[4].ns, "end_ns": g[5].ns,
                      "duration_seconds": float(g[6]), "samples": int(g[7])} for g in gaps],
        })
        print(f"{name}: {len(stream)} traces, {len(gaps)} gaps")
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
