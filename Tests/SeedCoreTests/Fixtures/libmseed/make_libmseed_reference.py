#!/usr/bin/env python3
"""Expected reads of libmseed's own test data, by ObsPy (libmseed 2.19) and pymseed (libmseed 3).

Run from anywhere:

    .venv/bin/python Tests/SeedCoreTests/Fixtures/libmseed/make_libmseed_reference.py

The data files next to this script are libmseed's test data, copied unchanged from
EarthScope/libmseed (Apache 2.0):

* ``v2.19.8/``  ``test/data/*.mseed`` and the ``test/read-*.test.ref`` outputs of tag v2.19.8
  (commit 4314359aaf99857522c91f21cd13c00f961e4a70);
* ``v3/``       ``test/data/*`` of commit c727d887e66b45a994fde399f5f4b95fbe721448 (libmseed 3).

No libmseed code is copied. This script writes ``expected.json`` and ``expected/*.bin`` (raw
little-endian samples, text as bytes):

* ``records``: every record pymseed (libmseed 3, the reference for both versions) parses, in
  file order, with its source identifier, start (ns), rate, count, encoding and samples; when
  pymseed stops on an error, the error text and the offset it stopped at;
* ``obspy``: for miniSEED 2 files, the traces ``obspy.read`` returns (or its error).

Deterministic: running it twice gives identical bytes.
"""

import hashlib
import json
import sys
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True

import obspy  # noqa: E402
import pymseed  # noqa: E402

EXPECTED = HERE / "expected"
BINS = {}


def write_bin(stem, array, kind):
    if kind == "text":
        blob = bytes(np.asarray(array, dtype=np.uint8).tobytes()) if not isinstance(array, (bytes, bytearray)) \
            else bytes(array)
    else:
        dtype = {"int32": "<i4", "float32": "<f4", "float64": "<f8"}[kind]
        blob = np.ascontiguousarray(np.asarray(array).astype(dtype)).tobytes()
    digest = hashlib.sha256(blob + kind.encode()).hexdigest()
    if digest not in BINS:
        rel = f"expected/{stem}.bin"
        (HERE / rel).write_bytes(blob)
        BINS[digest] = rel
    return BINS[digest]


KINDS = {"i": "int32", "f": "float32", "d": "float64", "t": "text"}


def pymseed_records(path, stem):
    out = []
    error = None
    offset = 0
    try:
        for i, rec in enumerate(pymseed.MS3Record.from_file(str(path), unpack_data=True)):
            kind = KINDS.get(rec.sampletype, "int32") if rec.numsamples > 0 else None
            entry = {
                "offset": offset, "sid": rec.sourceid, "format_version": rec.formatversion,
                "start_ns": int(rec.starttime), "sample_rate": float(rec.samprate),
                "sample_count": int(rec.samplecnt), "encoding": int(rec.encoding),
                "record_length": int(rec.reclen), "publication_version": int(rec.pubversion),
                "extra": rec.extra or None, "kind": kind, "data": None,
            }
            if rec.numsamples > 0:
                if kind == "text":
                    samples = bytes(rec.datasamples[: rec.numsamples])
                else:
                    samples = np.array(rec.np_datasamples[: rec.numsamples])
                entry["data"] = write_bin(f"{stem}.r{i}", samples, kind)
            out.append(entry)
            offset += rec.reclen
    except Exception as exc:  # noqa: BLE001 -- pymseed raises its own error types
        error = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return out, error


def obspy_traces(path, stem):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            st = obspy.read(str(path), format="MSEED")
    except Exception as exc:  # noqa: BLE001
        return None, f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    traces = []
    for i, tr in enumerate(st):
        kind = "text" if tr.data.dtype.kind == "S" else {
            np.dtype(np.int32): "int32", np.dtype(np.float32): "float32",
            np.dtype(np.float64): "float64"}[tr.data.dtype.newbyteorder("=")]
        data = tr.data.tobytes() if kind == "text" else tr.data
        traces.append({
            "id": tr.id, "quality": tr.stats.mseed.dataquality, "start_ns": int(tr.stats.starttime.ns),
            "sampling_rate": float(tr.stats.sampling_rate), "npts": int(tr.stats.npts), "kind": kind,
            "data": write_bin(f"{stem}.t{i}", data, kind)})
    return traces, None


def main():
    if EXPECTED.exists():
        for p in EXPECTED.iterdir():
            p.unlink()
    EXPECTED.mkdir(exist_ok=True)
    files = []
    for folder in ("v2.19.8", "v3"):
        for path in sorted((HERE / folder).iterdir()):
            if path.name.endswith(".test.ref"):
                continue
            stem = f"{folder}_{path.name}".replace(".", "_")
            records, error = pymseed_records(path, stem)
            entry = {"name": f"{folder}/{path.name}", "records": records, "pymseed_error": error}
            if not path.read_bytes().startswith(b"MS\x03"):  # ObsPy reads miniSEED 2 only
                traces, obspy_error = obspy_traces(path, stem)
                entry["obspy_traces"] = traces
                entry["obspy_error"] = obspy_error
            files.append(entry)
            print(f"{entry['name']}: {len(records)} records" + (f", pymseed: {error}" if error else "")
                  + (f", obspy: {len(entry['obspy_traces'])} traces" if entry.get("obspy_traces") is not None
                     else (f", obspy: {entry.get('obspy_error')}" if "obspy_error" in entry else "")))
    manifest = {"generator": "make_libmseed_reference.py", "obspy": obspy.__version__,
                "pymseed": pymseed.__version__, "libmseed": str(pymseed.libmseed_version), "files": files}
    (HERE / "expected.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
