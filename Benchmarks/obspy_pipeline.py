#!/usr/bin/env python3
"""ObsPy side of the seiscache benchmark (run with the venv python).

  obspy_pipeline.py process CHANNEL START END FILE...
      The whole-window job as seiscache's reference defines it: `obspy.read` every file
      (in the order given), then `process_window(stream, CHANNEL, START, END)` from
      Tests/SeedCoreTests/Fixtures/obspy_reference.py.  Times read + process (not the
      interpreter start or `import obspy`), and reports the peak RSS of this process.

  obspy_pipeline.py decode FILE [N]
      Decode-only context: best-of-N wall seconds of `obspy.read(FILE)`.

Each prints one JSON line on stdout.  The window is described by samples, min, max,
sum and checksum = sum(x[i] * (i + 1)) mod 2**64 over the int32 array (x as int64) --
the same definition the C driver and seedcore-bench use.
"""

import importlib.util
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "Tests" / "SeedCoreTests" / "Fixtures" / "obspy_reference.py"


def load_reference():
    spec = importlib.util.spec_from_file_location("obspy_reference", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def peak_rss_kib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def fingerprint(values):
    x = np.asarray(values).astype(np.int64)
    weights = np.arange(1, len(x) + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        checksum = int((x.view(np.uint64) * weights).sum(dtype=np.uint64))
    return {
        "samples": int(len(x)),
        "min": int(x.min()) if len(x) else 0,
        "max": int(x.max()) if len(x) else 0,
        "sum": int(x.sum()),
        "checksum": checksum,
    }


def cmd_process(args):
    if len(args) < 4:
        sys.exit("usage: obspy_pipeline.py process CHANNEL START END FILE...")
    channel, start, end, files = args[0], args[1], args[2], args[3:]
    reference = load_reference()
    from obspy import UTCDateTime  # noqa: F401  (import cost outside the timing)

    t0 = time.perf_counter()
    stream = reference.read_files(files)
    t_read = time.perf_counter()
    result = reference.process_window(stream, channel, start, end)
    t1 = time.perf_counter()
    if result is None:
        sys.exit(f"obspy_pipeline: no data for {channel} in [{start}, {end})")
    out, summary = result
    line = {
        "tool": "obspy",
        "seconds": round(t1 - t0, 6),
        "read_seconds": round(t_read - t0, 6),
        "process_seconds": round(t1 - t_read, 6),
        "peak_rss_kib": peak_rss_kib(),
        "traces_read": len(stream),
        **fingerprint(out),
        "summary": summary,
    }
    assert line["samples"] == summary["samples"]
    print(json.dumps(line, sort_keys=True))


def cmd_decode(args):
    if not args:
        sys.exit("usage: obspy_pipeline.py decode FILE [N]")
    path = args[0]
    runs = int(args[1]) if len(args) > 1 else 3
    from obspy import read

    best = float("inf")
    samples = 0
    total = 0
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        stream = read(path, format="MSEED")
        dt = time.perf_counter() - t0
        best = min(best, dt)
        samples = sum(tr.stats.npts for tr in stream)
        total = int(sum(int(tr.data.astype(np.int64).sum()) for tr in stream))
        del stream
    print(json.dumps({
        "tool": "obspy",
        "seconds": round(best, 6),
        "samples": samples,
        "sum": total,
        "runs": runs,
        "peak_rss_kib": peak_rss_kib(),
    }, sort_keys=True))


def main():
    if len(sys.argv) < 2 or sys.argv[1] not in ("process", "decode"):
        sys.exit(__doc__)
    {"process": cmd_process, "decode": cmd_decode}[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
