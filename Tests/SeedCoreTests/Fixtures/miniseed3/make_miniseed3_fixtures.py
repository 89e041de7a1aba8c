#!/usr/bin/env python3
"""miniSEED 3 fixtures written by pymseed (libmseed 3), with pymseed's reads as expectations.

Run from anywhere:

    .venv/bin/python Tests/SeedCoreTests/Fixtures/miniseed3/make_miniseed3_fixtures.py

Writes next to itself:

* ``mseed/*.mseed3``  one file per encoding pymseed writes (text, INT16, INT32, FLOAT32,
  FLOAT64, Steim1, Steim2) and record length, files with extra headers and publication
  versions, two channels interleaved, a CRC-corrupted record, and files mixing miniSEED 2
  (ObsPy's writer) with miniSEED 3 records;
* ``expected/*.bin``  raw little-endian samples (text as bytes);
* ``expected.json``   per file: every record pymseed parses (identifier, start, rate, count,
  encoding, publication version, extra headers, samples) and the traces its trace list
  builds (records joined within half a sample, as libmseed 3 does).

Deterministic: seeded integer signals; running twice gives identical bytes.
"""

import hashlib
import io
import json
import shutil
import sys
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True

import obspy  # noqa: E402
import pymseed  # noqa: E402
from pymseed import DataEncoding  # noqa: E402

MSEED = HERE / "mseed"
EXPECTED = HERE / "expected"
BINS = {}
FILES = []
T0 = "2025-11-04T22:00:00.000000000Z"
KINDS = {"i": "int32", "f": "float32", "d": "float64", "t": "text"}


def signal(n, amp, seed):
    rng = np.random.default_rng(seed)
    idx = np.arange(n, dtype=np.int64)
    tri = np.abs((idx * 37) % (4 * amp) - 2 * amp) - amp
    return (tri + rng.integers(-amp // 20 - 1, amp // 20 + 1, n)).astype(np.int64)


def write_bin(stem, data, kind):
    if kind == "text":
        blob = bytes(data)
    else:
        blob = np.ascontiguousarray(np.asarray(data).astype({"int32": "<i4", "float32": "<f4",
                                                             "float64": "<f8"}[kind])).tobytes()
    digest = hashlib.sha256(blob + kind.encode()).hexdigest()
    if digest not in BINS:
        rel = f"expected/{stem}.bin"
        (HERE / rel).write_bytes(blob)
        BINS[digest] = rel
    return BINS[digest]


def pack(traces, encoding, reclen, extra=None, pubversion=0):
    """traces: [(sid, samples, sample_type, rate, start)] -> miniSEED 3 bytes (pymseed)."""
    tl = pymseed.MS3TraceList()
    for sid, samples, stype, rate, start in traces:
        tl.add_data(sid, samples, stype, rate, starttime_str=start, publication_version=pubversion)
    return b"".join(bytes(r) for r in tl.generate(max_record_length=reclen, encoding=encoding,
                                                  format_version=3, extra_headers=extra))


def obspy_v2(sid, samples, rate, start, encoding="STEIM2", reclen=512):
    net, sta, loc, cha = sid.split(".")
    tr = obspy.Trace(np.asarray(samples, dtype=np.int32), header=dict(
        network=net, station=sta, location=loc, channel=cha, sampling_rate=rate,
        starttime=obspy.UTCDateTime(start)))
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        obspy.Stream([tr]).write(buf, format="MSEED", encoding=encoding, reclen=reclen, byteorder=">")
    return buf.getvalue()


def add(name, description, data):
    (MSEED / name).write_bytes(data)
    FILES.append((name, description))


def expectations(name, description):
    path = MSEED / name
    stem = name.replace(".", "_")
    records = []
    offset = 0
    data = path.read_bytes()
    # Walk records with pymseed one at a time, stepping over a record it refuses (the CRC
    # case) by the lengths in its header, as the reader under test does.
    while offset < len(data):
        try:
            rec = next(iter(pymseed.MS3Record.from_buffer(data[offset:], unpack_data=True,
                                                          validate_crc=True)))
        except Exception as exc:  # noqa: BLE001
            if data[offset:offset + 3] == b"MS\x03":
                length = 40 + data[offset + 33] + int.from_bytes(data[offset + 34:offset + 36], "little") \
                    + int.from_bytes(data[offset + 36:offset + 40], "little")
                records.append({"offset": offset, "error": str(exc).splitlines()[0][:160]})
                offset += length
                continue
            raise
        kind = KINDS.get(rec.sampletype) if rec.numsamples > 0 else None
        entry = {"offset": offset, "sid": rec.sourceid, "format_version": rec.formatversion,
                 "start_ns": int(rec.starttime), "sample_rate": float(rec.samprate),
                 "sample_count": int(rec.samplecnt), "encoding": int(rec.encoding),
                 "record_length": int(rec.reclen), "publication_version": int(rec.pubversion),
                 "extra": rec.extra or None, "kind": kind, "data": None, "error": None}
        if rec.numsamples > 0:
            samples = bytes(rec.datasamples[:rec.numsamples]) if kind == "text" \
                else np.array(rec.np_datasamples[:rec.numsamples])
            entry["data"] = write_bin(f"{stem}.r{len(records)}", samples, kind)
        records.append(entry)
        offset += rec.reclen
    traces = []
    tl = pymseed.MS3TraceList.from_buffer(
        b"".join(data[r["offset"]:r["offset"] + r["record_length"]] for r in records if not r.get("error")),
        unpack_data=True) if any(not r.get("error") for r in records) else []
    for tid in tl:
        for seg in tid:
            kind = KINDS.get(seg.sampletype) if seg.numsamples > 0 else None
            entry = {"sid": tid.sourceid, "publication_version": int(tid.pubversion),
                     "start_ns": int(seg.starttime), "sample_rate": float(seg.samprate),
                     "sample_count": int(seg.samplecnt), "kind": kind, "data": None}
            if seg.numsamples > 0:
                samples = bytes(seg.datasamples[:seg.numsamples]) if kind == "text" \
                    else np.array(seg.np_datasamples[:seg.numsamples])
                entry["data"] = write_bin(f"{stem}.t{len(traces)}", samples, kind)
            traces.append(entry)
    return {"name": name, "description": description, "records": records, "traces": traces}


def main():
    for d in (MSEED, EXPECTED):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
    uwe = "FDSN:HV_UWE__H_H_Z"
    n = 3000
    ints = signal(n, 3000, 1)
    big = signal(n, 2_000_000, 2)
    # One file per encoding pymseed writes, two record lengths each.
    for enc, stype, samples in [
        (DataEncoding.INT16, "i", ints), (DataEncoding.INT32, "i", big),
        (DataEncoding.FLOAT32, "f", (big / 7.0).astype(np.float32)),
        (DataEncoding.FLOAT64, "d", big / 7.0),
        (DataEncoding.STEIM1, "i", big), (DataEncoding.STEIM2, "i", big),
        (DataEncoding.STEIM2, "i", ints),
    ]:
        for reclen in (512, 4096):
            tag = "small" if samples is ints and enc == DataEncoding.STEIM2 else ""
            name = f"{enc.name.lower()}{'_' + tag if tag else ''}_{reclen}.mseed3"
            add(name, f"{enc.name}, records up to {reclen} bytes, 100 Hz",
                pack([(uwe, samples.tolist(), stype, 100.0, T0)], enc, reclen))
    text = ("2025-11-04 22:00:00 station restart\r\n" * 40).encode()
    add("text.mseed3", "text (LOG) records, rate 0",
        pack([("FDSN:HV_UWE__L_O_G", list(text), "t", 0.0, T0)], DataEncoding.TEXT, 512))
    add("extra_headers.mseed3", "Steim2 with extra headers (JSON) and publication version 2",
        pack([(uwe, ints.tolist(), "i", 100.0, T0)], DataEncoding.STEIM2, 512,
             extra='{"FDSN":{"Time":{"Quality":100},"Event":{"Begin":true}}}', pubversion=2))
    add("odd_rate_ns_start.mseed3", "40.96 Hz starting at a nanosecond offset, Steim1",
        pack([(uwe, ints.tolist(), "i", 40.96, "2025-11-04T22:00:00.123456789Z")], DataEncoding.STEIM1, 512))
    add("period_rate.mseed3", "one sample per 10 s (rate 0.1 Hz), INT32",
        pack([("FDSN:HV_UWE__V_M_Z", ints[:200].tolist(), "i", 0.1, T0)], DataEncoding.INT32, 512))
    add("long_codes.mseed3", "codes that do not fit SEED 2 (network XX2025, station STATION1, "
        "channel B_SRC_SUB)",
        pack([("FDSN:XX2025_STATION1_LOC_B_SRC_SUB", ints[:500].tolist(), "i", 20.0, T0)],
             DataEncoding.STEIM2, 512))
    two = pack([(uwe, big[:1500].tolist(), "i", 100.0, T0),
                ("FDSN:HV_OBL__H_H_Z", ints[:1500].tolist(), "i", 100.0, T0)], DataEncoding.STEIM2, 512)
    add("two_channels.mseed3", "two channels in one file", two)
    good = pack([(uwe, big[:2000].tolist(), "i", 100.0, T0)], DataEncoding.STEIM2, 512)
    lengths = []
    off = 0
    while off < len(good):
        rl = 40 + good[off + 33] + int.from_bytes(good[off + 34:off + 36], "little") \
            + int.from_bytes(good[off + 36:off + 40], "little")
        lengths.append((off, rl))
        off += rl
    bad = bytearray(good)
    bad[lengths[2][0] + lengths[2][1] - 5] ^= 0x10  # a payload bit of record 2
    add("crc_corrupt.mseed3", "Steim2, record 2 has a flipped payload bit (CRC-32C mismatch)", bytes(bad))
    # miniSEED 2 and 3 in one file: ObsPy writes the first minute (version 2), pymseed the next.
    v2 = obspy_v2("HV.UWE..HHZ", big, 100.0, T0)  # 22:00:00-22:00:30
    v3 = pack([(uwe, signal(3000, 2_000_000, 3).tolist(), "i", 100.0, "2025-11-04T22:00:30.000000000Z")],
              DataEncoding.STEIM2, 512, pubversion=2)
    add("mixed_v2_v3.mseed3", "miniSEED 2 records (ObsPy, quality D) followed by miniSEED 3 records "
        "(pymseed, publication version 2) continuing the same channel: one trace", v2 + v3)
    add("mixed_v3_v2.mseed3", "miniSEED 3 records (pymseed) then miniSEED 2 records (ObsPy) of "
        "another channel", v3 + obspy_v2("HV.OBL..HHZ", ints[:2000], 100.0, T0, "INT32", 4096))

    manifest = {"generator": "make_miniseed3_fixtures.py", "pymseed": pymseed.__version__,
                "libmseed": str(pymseed.libmseed_version), "obspy": obspy.__version__,
                "files": [expectations(name, desc) for name, desc in FILES]}
    (HERE / "expected.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    for f in manifest["files"]:
        print(f"{f['name']}: {len(f['records'])} records, {len(f['traces'])} traces")


if __name__ == "__main__":
    main()
