#!/usr/bin/env python3
"""Drive the /data miss benchmark (run-data-miss.sh): seisapi SEISAPI PORT FDSN_URL WORK ROUNDS.

Per round, each on a fresh store with a fresh `seisapi serve` (FDSN source = the benchmark's
FDSN server with its DELAY_SECONDS):

* a 24-hour miss and a 7-day miss of HV.UWE..HHZ from 2025-10-20T00:00:00Z: seconds from the
  request to the `metadata` line, to the first `chunk` line, and to the end of the stream;
* the fetch alone: the same 24 hours asked of the FDSN server directly (one POST, body read).

Checks every stream: it ends with a `manifest`, no chunk is skipped, and the `chunk` lines come
in playback order. Prints one JSON line per measurement and the medians with the two ratios of
issue 23: first chunk of the 7-day miss / of the 24-hour miss (target <= 1.2), and the whole
24-hour miss / the fetch alone (target <= 1.2).
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

seisapi, port, fdsn, work, rounds = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
FIRST_CHUNK_ONLY = os.environ.get("FIRST_CHUNK_ONLY") == "1"  # target 1 alone: stop at the first chunk
START = "2025-10-20T00:00:00Z"
ENDS = {"24h": "2025-10-21T00:00:00Z", "7d": "2025-10-27T00:00:00Z"}
API = f"http://127.0.0.1:{port}"


def serve(data):
    env = {"FDSN_BASE_URL": fdsn, "LOG_LEVEL": "error", "REQUEST_DELAY_SECONDS": "0", "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([seisapi, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(data),
                                "--source", "fdsn"], env=env)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"{API}/health", timeout=1).read()
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("seisapi did not start")


def miss(case):
    data = work / f"data-{case}"
    shutil.rmtree(data, ignore_errors=True)
    process = serve(data)
    try:
        url = (f"{API}/data?network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ"
               f"&start={START}&end={ENDS[case]}")
        started = time.monotonic()
        times = {}
        starts = []
        with urllib.request.urlopen(url, timeout=900) as response:
            assert response.headers.get("X-Cache") == "miss", response.headers
            for line in response:
                event = json.loads(line)
                kind = event["event"]
                now = time.monotonic() - started
                if kind == "metadata":
                    times["metadata"] = now
                elif kind == "chunk":
                    times.setdefault("first_chunk", now)
                    starts.append(event["chunk"]["start"])
                    if FIRST_CHUNK_ONLY:
                        times["end"] = now
                        break
                elif kind in ("chunk_skipped", "error"):
                    raise SystemExit(f"{case}: {line!r}")
                elif kind == "manifest":
                    times["end"] = now
        assert "end" in times and "metadata" in times and "first_chunk" in times, times
        assert starts == sorted(starts), f"{case}: chunks out of playback order: {starts}"
        return dict(case=case, chunks=len(starts), **times)
    finally:
        # Killed, not stopped: a graceful stop would wait for the generation the first-chunk
        # mode leaves running (the store is thrown away).
        process.kill()
        process.wait()


def fetch_alone():
    body = f"HV UWE -- HHZ {START} {ENDS['24h']}\n".encode()
    started = time.monotonic()
    request = urllib.request.Request(f"{fdsn}/fdsnws/dataselect/1/query", data=body, method="POST")
    size = len(urllib.request.urlopen(request, timeout=900).read())
    return dict(case="fetch-24h", bytes=size, end=time.monotonic() - started)


results = {"24h": [], "7d": [], "fetch": []}
for _ in range(rounds):
    for name, measure in (("fetch", fetch_alone), ("24h", lambda: miss("24h")), ("7d", lambda: miss("7d"))):
        if FIRST_CHUNK_ONLY and name == "fetch":
            continue
        result = measure()
        print(json.dumps(result), file=sys.stderr)
        results[name].append(result)


def median(name, key):
    return statistics.median(r[key] for r in results[name])


first_24h, first_7d = median("24h", "first_chunk"), median("7d", "first_chunk")
whole_24h = median("24h", "end")
fetch = median("fetch", "end") if results["fetch"] else 0
print(f"metadata line: 24-hour miss {median('24h', 'metadata'):.2f} s, 7-day miss {median('7d', 'metadata'):.2f} s")
ratio1 = first_7d / first_24h
print(f"first chunk: 7-day miss {first_7d:.2f} s, 24-hour miss {first_24h:.2f} s, ratio {ratio1:.2f} "
      f"(target <= 1.2) {'ok' if ratio1 <= 1.2 else 'MISSED'}")
if FIRST_CHUNK_ONLY:
    sys.exit(0)
ratio3 = whole_24h / fetch
print(f"24-hour miss: {whole_24h:.2f} s whole, fetch alone {fetch:.2f} s, ratio {ratio3:.2f} "
      f"(target <= 1.2) {'ok' if ratio3 <= 1.2 else 'MISSED'}")
print(f"7-day miss: {median('7d', 'end'):.2f} s whole")
