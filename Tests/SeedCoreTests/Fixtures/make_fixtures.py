#!/usr/bin/env python3
"""Generate the SeedCore miniSEED fixtures and their ObsPy-computed expectations.

Run from anywhere:

    .venv/bin/python Tests/SeedCoreTests/Fixtures/make_fixtures.py

It (re)creates, next to itself:

* ``mseed/*.mseed``   input files, encoded by ObsPy's own writer (a few hand-assembled
  with ``struct`` where ObsPy cannot write the layout, e.g. blockette 100), some
  corrupted on purpose afterwards;
* ``expected/*``      raw little-endian arrays (``.bin`` in the trace's dtype,
  ``.window.i32`` int32 window samples, ``.mask`` never written: masks are given as
  ``interpolated_ranges`` in the manifest);
* ``manifest.json``   the expectations (shape documented in the module of the Swift tests).

Every expected value is computed by ObsPy (``obspy.read``) or by ``obspy_reference``
(``merged_summary`` / ``process_window`` on ``read_files``). The only hand-written
expectations are the error codes / warnings of corruption injected here.

Intentional divergences: a record our decoder skips (integrity failure, invalid Steim
nibble, garbage header, missing blockette 1000, unsupported encoding, truncated at the end
of the file) may be kept by libmseed. For such files the expectations are computed by
ObsPy from the *valid* bytes (the clean file with the bad records removed); the bad
records are listed in ``warnings`` (one warning per skipped record / garbage run, at its
first byte).

Deterministic: seeded RNGs and integer signals only; running twice gives identical bytes.
"""

import hashlib
import io
import json
import shutil
import struct
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # keep __pycache__ out of the fixtures folder

import obspy  # noqa: E402
from obspy import Stream, Trace, UTCDateTime, read  # noqa: E402

import obspy_reference as ref  # noqa: E402

MSEED_DIR = HERE / "mseed"
EXPECTED_DIR = HERE / "expected"
MANIFEST = HERE / "manifest.json"

T0 = UTCDateTime("2025-11-04T22:00:00Z")
T0_NS = T0.ns
NS = 10**9

LINES = []


def say(msg):
    print(msg)
    LINES.append(msg)


# --------------------------------------------------------------------------------------
# Signals (integer arithmetic only, so they are identical on every machine)
# --------------------------------------------------------------------------------------


def base_signal(idx, amp=1500, salt=0):
    """A deterministic int64 signal of absolute sample index: triangle wave + hash noise."""
    idx = np.asarray(idx, dtype=np.int64)
    period = 4 * amp // 37 + 50
    tri = np.abs((idx * 37 + salt * 11) % (4 * amp) - 2 * amp) - amp
    h = ((idx + salt * 1000003) * 2654435761) % 4294967296
    noise = (h >> 7) % 61 - 30
    return (tri + noise + (idx % period) // 7).astype(np.int64)


def _walk(magnitudes, start):
    """Cumulate difference magnitudes, each step heading back toward zero (bounded)."""
    x = np.empty(len(magnitudes), dtype=np.int64)
    v = start
    for i, m in enumerate(magnitudes):
        v = v - m if v > 0 else v + m
        x[i] = v
    return x


def steim2_width_signal(n, rng):
    """Differences that need 4, 5, 6, 8, 10, 15 and 30 bits, in mixed groups."""
    widths = [(4, 7), (5, 6), (6, 5), (8, 4), (10, 3), (15, 2), (30, 1)]
    diffs = []
    while len(diffs) < n:
        w, count = widths[rng.integers(len(widths))]
        reps = int(rng.integers(1, 4))
        for _ in range(count * reps):
            lo, hi = 2 ** (w - 2), 2 ** (w - 1) - 1
            diffs.append(int(rng.integers(lo, hi + 1)))
    x = _walk(diffs[:n], 12345)
    assert np.abs(x).max() < 2**31 - 1
    return x.astype(np.int32)


def steim1_width_signal(n, rng):
    """Differences that need 8, 16 and 32 bits."""
    widths = [(8, 4), (16, 2), (32, 1)]
    diffs = []
    while len(diffs) < n:
        w, count = widths[rng.integers(len(widths))]
        reps = int(rng.integers(1, 5))
        for _ in range(count * reps):
            if w == 32:
                mag = int(rng.integers(2**15, 2**30))
            else:
                mag = int(rng.integers(2 ** (w - 2), 2 ** (w - 1)))
            diffs.append(mag)
    x = _walk(diffs[:n], -777)
    assert np.abs(x).max() < 2**31 - 1
    return x.astype(np.int32)


def float_signal(n, rng, dtype):
    """Float data with rint ties (x.5), fractions, and values beyond int32."""
    x = np.round(rng.normal(0.0, 3000.0, n) * 4) / 4  # multiples of 0.25: many x.5 ties
    specials = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1e10, -1e10, 3.0e9, -3.0e9,
                2147483647.0, -2147483648.0, 2147483647.5, -2147483648.5, 2147483648.0,
                -2147483649.0, 1e-3, -0.49999, 0.50001, 123456.5, -98765.5]
    pos = rng.choice(n, size=len(specials), replace=False)
    x[pos] = specials
    return x.astype(dtype)


# --------------------------------------------------------------------------------------
# miniSEED writing helpers
# --------------------------------------------------------------------------------------

DTYPE_FOR = {"STEIM1": np.int32, "STEIM2": np.int32, "INT16": np.int16, "INT32": np.int32,
             "FLOAT32": np.float32, "FLOAT64": np.float64}


def make_trace(sid, rate, start_ns, data, quality="D"):
    net, sta, loc, cha = sid.split(".")
    tr = Trace(np.asarray(data), header=dict(network=net, station=sta, location=loc,
                                             channel=cha, sampling_rate=rate,
                                             starttime=UTCDateTime(ns=int(start_ns))))
    tr.stats.mseed = obspy.core.AttribDict(dataquality=quality)
    return tr


def grid_trace(sid, rate, first_index, npts, variant=0, jitter_us=0, quality="D",
               amp=1500, salt=0, t0_ns=T0_NS):
    """Trace on the absolute sample grid t0 + i/rate; `variant` shifts the data so overlaps
    differ; `jitter_us` moves the start off the grid."""
    idx = np.arange(first_index, first_index + npts)
    data = base_signal(idx, amp=amp, salt=salt) + variant * 1000
    start_ns = t0_ns + int(round(first_index * NS / rate)) + jitter_us * 1000
    return make_trace(sid, rate, start_ns, data.astype(np.int32), quality)


def encode(traces, encoding="STEIM2", reclen=512, byteorder=">"):
    """ObsPy-written records for the traces (in order); returns list of record bytes."""
    if isinstance(traces, Trace):
        traces = [traces]
    out = []
    for tr in traces:
        tr = tr.copy()
        tr.data = np.ascontiguousarray(tr.data.astype(DTYPE_FOR[encoding]))
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            Stream([tr]).write(buf, format="MSEED", encoding=encoding, reclen=reclen,
                               byteorder=byteorder)
        data = buf.getvalue()
        assert len(data) % reclen == 0
        out += [data[i:i + reclen] for i in range(0, len(data), reclen)]
    return out


def header_byteorder(rec):
    """'>' or '<' from the year field (as libmseed detects it)."""
    year_be = struct.unpack(">H", rec[20:22])[0]
    return ">" if 1900 <= year_be <= 2100 else "<"


def patch(rec, offset, fmt, value):
    bo = header_byteorder(rec)
    rec = bytearray(rec)
    struct.pack_into(bo + fmt, rec, offset, value)
    return bytes(rec)


def btime(t):
    t = UTCDateTime(t)
    frac = t.microsecond // 100
    return t.year, t.julday, t.hour, t.minute, t.second, frac, t.microsecond % 100


def hand_record(seq, sid, quality, start, samples, factor, multiplier, bo=">",
                reclen=512, b100=None, b1001=False, encoding=3):
    """Assemble one record by hand: fixed header + B1000 [+ B100] [+ B1001] + INT32 data."""
    net, sta, loc, cha = sid.split(".")
    year, jday, hh, mm, ss, frac, usec = btime(start)
    blockettes = []
    exp = int(np.log2(reclen))
    blockettes.append(("B1000", struct.pack(bo + "HHBBBB", 1000, 0, encoding,
                                            1 if bo == ">" else 0, exp, 0)))
    if b100 is not None:
        blockettes.append(("B100", struct.pack(bo + "HHfb3s", 100, 0, b100, 0, b"\0\0\0")))
    if b1001:
        blockettes.append(("B1001", struct.pack(bo + "HHBbBB", 1001, 0, 100, usec, 0, 0)))
    # chain the blockettes
    offset = 48
    chained = []
    for i, (_, blk) in enumerate(blockettes):
        nxt = offset + len(blk) if i + 1 < len(blockettes) else 0
        blk = bytearray(blk)
        struct.pack_into(bo + "H", blk, 2, nxt)
        chained.append(bytes(blk))
        offset += len(blk)
    data_offset = 64 if offset <= 64 else 128
    samples = np.asarray(samples, dtype=np.int32)
    assert data_offset + 4 * len(samples) <= reclen
    hdr = struct.pack(bo + "6scc5s2s3s2sHHBBBBHHhhBBBBiHH",
                      b"%06d" % seq, quality.encode(), b" ", sta.ljust(5).encode(),
                      loc.ljust(2).encode(), cha.ljust(3).encode(), net.ljust(2).encode(),
                      year, jday, hh, mm, ss, 0, frac, len(samples), factor, multiplier,
                      0, 0, 0, len(blockettes), 0, data_offset, 48)
    body = hdr + b"".join(chained)
    body += b"\0" * (data_offset - len(body))
    body += samples.astype(bo + "i4").tobytes()
    body += b"\0" * (reclen - len(body))
    return body


# --------------------------------------------------------------------------------------
# Fixture bookkeeping
# --------------------------------------------------------------------------------------

FILES = {}      # name -> dict(valid=bytes, actual=bytes, warnings, error_code, description, records)
WINDOWS = []    # window specs
BIN_INDEX = {}  # sha256 -> relative path (identical arrays are written once)
TMP = Path(tempfile.mkdtemp(prefix="seiscache-fixtures-"))


def add_file(name, description, records, bad=None, error_code=None, raw=None,
             tail=b""):
    """records: list of record bytes (the clean file, in file order).
    bad: {record index: (code, replacement bytes)} -- replaced in the actual file, dropped
    from the valid file. tail: bytes appended to the actual file only (e.g. a truncated
    record), with its own warning given in `bad` under key 'tail'."""
    assert name not in FILES, name
    bad = dict(bad or {})
    actual = bytearray()
    valid = bytearray()
    warns = []
    kept = 0
    if raw is not None:
        actual = bytearray(raw)
    for i, rec in enumerate(records):
        if i in bad:
            code, replacement = bad[i]
            warns.append({"byte_offset": len(actual), "code": code})
            actual += replacement
        else:
            actual += rec
            valid += rec
            kept += 1
    if tail:
        code = bad["tail"]
        warns.append({"byte_offset": len(actual), "code": code})
        actual += tail
    FILES[name] = dict(valid=bytes(valid), actual=bytes(actual), warnings=warns,
                       error_code=error_code, description=description, records=kept)
    return name


def add_window(name, description, files, channel, start, end):
    WINDOWS.append(dict(name=name, description=description, files=list(files),
                        channel=channel, start=UTCDateTime(start), end=UTCDateTime(end)))


def iso(t):
    t = UTCDateTime(t)
    assert t.microsecond == 0, t
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_bin(stem, array, dtype):
    if dtype == "text":
        dtype = "S1"
    data = np.ascontiguousarray(np.asarray(array).astype(np.dtype(dtype).newbyteorder("<")))
    blob = data.tobytes()
    digest = hashlib.sha256(blob + str(data.dtype).encode()).hexdigest()
    if digest in BIN_INDEX:
        return BIN_INDEX[digest]
    rel = f"expected/{stem}"
    (HERE / rel).write_bytes(blob)
    BIN_INDEX[digest] = rel
    return rel


def dtype_name(dt):
    if np.dtype(dt).kind == "S":
        return "text"  # ASCII records: ObsPy's |S1 bytes
    return {np.dtype(np.int32): "int32", np.dtype(np.float32): "float32",
            np.dtype(np.float64): "float64"}[np.dtype(dt).newbyteorder("=")]


def obspy_read(path):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        st = read(str(path))
    return st, [str(w.message) for w in caught]


def runs(mask):
    out = []
    idx = np.flatnonzero(mask)
    if len(idx) == 0:
        return out
    starts = [idx[0]]
    ends = []
    for a, b in zip(idx[:-1], idx[1:]):
        if b != a + 1:
            ends.append(a)
            starts.append(b)
    ends.append(idx[-1])
    return [[int(s), int(e - s + 1)] for s, e in zip(starts, ends)]


def build_file_entry(name, spec):
    entry = {"name": name, "description": spec["description"],
             "error_code": spec["error_code"], "warnings": spec["warnings"],
             "records": spec["records"], "traces": []}
    notes = []
    if spec["error_code"] is None and not spec["valid"]:
        notes.append("no valid record: no traces")
    elif spec["error_code"] is None:
        st, w = obspy_read(TMP / name)
        notes += [f"obspy warned on valid bytes: {m}" for m in w]
        stem = name.rsplit(".", 1)[0]
        for i, tr in enumerate(st):
            dt = dtype_name(tr.data.dtype)
            entry["traces"].append({
                "id": tr.id, "quality": tr.stats.mseed.dataquality,
                "start_ns": int(tr.stats.starttime.ns),
                "sampling_rate": float(tr.stats.sampling_rate),
                "npts": int(tr.stats.npts), "dtype": dt,
                "data": write_bin(f"{stem}.t{i}.bin", tr.data, dt)})
        if spec["actual"] != spec["valid"]:
            # informational: what libmseed makes of the corrupted bytes
            try:
                st2, w2 = obspy_read(MSEED_DIR / name)
                same = (len(st2) == len(st) and all(
                    a.id == b.id and a.stats.starttime == b.stats.starttime
                    and a.stats.npts == b.stats.npts and np.array_equal(a.data, b.data)
                    for a, b in zip(st, st2)))
                if not same:
                    notes.append("obspy on the corrupted file: " + "; ".join(
                        f"{t.id} {t.stats.starttime} n={t.stats.npts}" for t in st2))
                else:
                    notes.append("obspy on the corrupted file: same traces as valid bytes")
                notes += [f"obspy warned on corrupted file: {m}" for m in w2]
            except Exception as exc:  # noqa: BLE001
                notes.append(f"obspy on the corrupted file raised {type(exc).__name__}: {exc}")
    else:
        try:
            st2, w2 = obspy_read(MSEED_DIR / name)
            notes.append(f"obspy read it anyway: {len(st2)} traces")
        except Exception as exc:  # noqa: BLE001
            notes.append(f"obspy raised {type(exc).__name__}: {str(exc)[:80]}")
    return entry, notes


def build_window_entry(spec):
    paths = [TMP / f for f in spec["files"]]
    for f in spec["files"]:
        assert FILES[f]["error_code"] is None, f
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        stream = ref.read_files(paths)
        chan = ref.select_channel(stream, spec["channel"])
        merged = None
        if len(chan):
            summary, data, mask = ref.merged_summary(stream, spec["channel"])
            merged = dict(summary)
            merged["sampling_rate"] = float(merged["sampling_rate"])
            merged["interpolated_ranges"] = runs(mask)
            merged["data"] = write_bin(f"{spec['name']}.merged.bin", data, summary["dtype"])
        result = ref.process_window(stream, spec["channel"], spec["start"], spec["end"])
    expected = None
    if result is not None:
        out, summary = result
        assert out.dtype == np.int32
        expected = dict(summary)
        expected["sample_rate"] = float(expected["sample_rate"])
        expected["data"] = write_bin(f"{spec['name']}.window.i32", out, "int32")
    entry = {"name": spec["name"], "description": spec["description"],
             "files": spec["files"], "channel": spec["channel"],
             "start": iso(spec["start"]), "end": iso(spec["end"]),
             "merged": merged, "expected": expected}
    notes = [f"warning: {w.message}" for w in caught]
    return entry, notes


# --------------------------------------------------------------------------------------
# Cases
# --------------------------------------------------------------------------------------

UWE = "HV.UWE..HHZ"
OBL = "HV.OBL..HHZ"
GSTD = "AV.GSTD..BHZ"
SPCP = "AV.SPCP..BHZ"
HAT = "HV.HAT..HHZ"
RSDD = "AV.RSDD.01.EHZ"
NPT = "HV.NPT..HDF"
KKO = "HV.KKO..EHZ"


def t(seconds):
    return T0 + seconds


def case_encodings():
    """Every encoding x byte order, record lengths 256/512/4096/8192, many rates."""
    rng = np.random.default_rng(1001)
    encs = ["STEIM1", "STEIM2", "INT16", "INT32", "FLOAT32", "FLOAT64"]
    reclens = [512, 4096, 256, 8192, 512, 256, 4096, 512, 256, 8192, 4096, 256]
    rates = [100.0, 0.1, 1.0, 20.0, 40.0, 50.0, 200.0, 40.96, 100.0, 50.0, 20.0, 200.0]
    ids = [UWE, GSTD, OBL, SPCP, HAT, RSDD, NPT, KKO]
    k = 0
    for enc in encs:
        for bo in (">", "<"):
            reclen, rate = reclens[k], rates[k]
            sid = ids[k % len(ids)]
            npts = 300 if rate < 1 else (600 if rate == 1 else 1500)
            if enc == "STEIM2":
                data = steim2_width_signal(npts, rng)
            elif enc == "STEIM1":
                data = steim1_width_signal(npts, rng)
            elif enc == "INT16":
                data = rng.integers(-32768, 32768, npts).astype(np.int16)
                data[:4] = [-32768, 32767, 0, -1]
            elif enc == "INT32":
                data = rng.integers(-2**31, 2**31, npts, dtype=np.int64).astype(np.int32)
                data[:3] = [-2**31, 2**31 - 1, 0]
            else:
                data = float_signal(npts, rng, DTYPE_FOR[enc])
            # start a little after 22:00 with a sub-sample offset at some files
            start_ns = T0_NS - 5 * NS + (k % 3) * 4_000_000 if rate >= 1 else T0_NS - 600 * NS
            tr = make_trace(sid, rate, start_ns, data)
            recs = encode(tr, enc, reclen, bo)
            name = (f"{enc.lower()}_{'be' if bo == '>' else 'le'}_{reclen}_"
                    f"{str(rate).replace('.0', '').replace('.', 'p')}hz.mseed")
            add_file(name, f"{enc} {'big' if bo == '>' else 'little'}-endian, {reclen}-byte "
                     f"records, {rate} Hz, {npts} samples", recs)
            if rate < 1:
                ws, we = t(-600), t(1800)
            elif rate == 1:
                ws, we = t(0), t(300)
            else:
                ws = t(-4)
                we = ws + min(60, int(npts / rate) - 2)
            add_window(f"enc_{name[:-6]}", f"window over {name}", [name], sid, ws, we)
            k += 1


def case_rates_plain():
    """Plain Steim2 at every rate, one window each (fully covered)."""
    for rate, secs in [(0.1, 3000), (1.0, 400), (20.0, 70), (40.0, 45), (50.0, 45),
                       (100.0, 40), (200.0, 20), (40.96, 45)]:
        npts = int(secs * rate)
        tr = grid_trace(GSTD if rate < 100 else UWE, rate, 0, npts,
                        t0_ns=T0_NS - 5 * NS if rate >= 1 else T0_NS - 100 * NS)
        name = f"rate_{str(rate).replace('.0', '').replace('.', 'p')}hz.mseed"
        add_file(name, f"Steim2 {rate} Hz, {npts} samples, starting 5 s before the window",
                 encode(tr, "STEIM2", 512, ">"))
        win = 2400 if rate < 1 else (300 if rate == 1 else min(60, secs - 10))
        add_window(f"full_{name[:-6]}", f"{rate} Hz, window fully covered", [name],
                   tr.id, t(0), t(win))


def case_gaps():
    """Two-or-more-trace layouts on a 30 s window at 100 Hz (data from -1 s).

    Traces are written one after the other; the reader joins records only onto the end of
    the trace built last, so a later-written trace that starts earlier stays separate.
    `reverse` writes the traces in reverse order, so even contiguous-within-half-a-sample
    traces reach `Stream._cleanup` as separate traces (the misalignment snapping path)."""
    layouts = [
        # (name, description, [(first_index, npts, variant, jitter_us)], options)
        ("gap_1_sample", "one missing sample", [(-100, 1300, 0, 0), (1201, 1950, 0, 0)], {}),
        ("gap_3_samples", "three missing samples", [(-100, 1800, 0, 0), (1703, 1400, 0, 0)],
         {}),
        ("gap_2_seconds", "a 2 s gap", [(-100, 1500, 0, 0), (1600, 1500, 0, 0)], {}),
        ("gap_minutes", "a 125 s gap in a 4 min window at 20 Hz",
         [(-100, 1500, 0, 0), (3900, 1100, 0, 0)], {"rate": 20.0, "wlen": 240}),
        ("gap_reversed", "a 17-sample gap, second trace written first",
         [(-100, 1500, 0, 0), (1417, 1700, 0, 0)], {"reverse": True}),
        ("overlap_identical", "overlap with identical data (cleanup joins)",
         [(-100, 1700, 0, 0), (1400, 1700, 0, 0)], {}),
        ("overlap_differing", "overlap with differing data: later trace wins",
         [(-100, 1700, 0, 0), (1400, 1700, 1, 0)], {}),
        ("overlap_one_differing", "one-sample overlap with a differing sample",
         [(-100, 1600, 0, 0), (1499, 1600, 1, 0)], {}),
        ("contained_differing", "contained trace with differing data: discarded",
         [(-100, 3200, 0, 0), (1000, 400, 3, 0)], {}),
        ("contained_identical", "contained trace with identical data",
         [(-100, 3200, 0, 0), (1000, 400, 0, 0)], {}),
        ("contained_same_end", "contained differing trace ending on the same sample",
         [(-100, 3200, 0, 0), (2700, 400, 3, 0)], {}),
        ("same_start_longer", "two traces with the same start, the second longer and "
         "differing", [(-100, 1500, 0, 0), (-100, 3200, 2, 0)], {}),
        ("reader_joins_30pct", "second trace 3 ms (30 %) late, written in order: the reader "
         "joins it (within half a sample)", [(-100, 1600, 0, 0), (1500, 1600, 0, 3000)], {}),
        ("misaligned_small", "second trace 0.05 ms (0.5 %) late, written first: cleanup snaps",
         [(-100, 1600, 0, 0), (1500, 1600, 0, 50)], {"reverse": True}),
        ("misaligned_small_overlap",
         "overlapping identical trace 0.08 ms early (0.8 %): snapped, joined",
         [(-100, 1600, 0, 0), (1400, 1700, 0, -80)], {"reverse": True}),
        ("misaligned_small_gap", "a 5-sample gap with a 0.09 ms (0.9 %) offset",
         [(-100, 1600, 0, 0), (1505, 1500, 0, 90)], {"reverse": True}),
        ("misaligned_edge_1pct", "overlapping identical trace exactly 1 % (0.1 ms) late",
         [(-100, 1600, 0, 0), (1400, 1700, 0, 100)], {"reverse": True}),
        ("misaligned_large", "second trace 3 ms (30 %) late, written first: not snapped",
         [(-100, 1600, 0, 0), (1500, 1600, 0, 3000)], {"reverse": True}),
        ("misaligned_large_gap", "a 2-sample gap with a 4.5 ms offset",
         [(-100, 1600, 0, 0), (1502, 1500, 0, 4500)], {"reverse": True}),
        ("misaligned_half", "a gap of exactly x.5 samples (round away)",
         [(-100, 1600, 0, 0), (1503, 1500, 0, 5000)], {"reverse": True}),
        ("misaligned_overlap_large", "differing overlap with a 2.2 ms offset",
         [(-100, 1600, 0, 0), (1300, 1800, 2, 2200)], {"reverse": True}),
        ("gap_straddles_start", "a 1 s gap across the window start (-0.5 s .. +0.5 s)",
         [(-200, 150, 0, 0), (50, 3100, 0, 0)], {}),
        ("gap_straddles_end", "a 1 s gap across the window end (29.5 s .. 30.5 s)",
         [(-100, 3050, 0, 0), (3050, 200, 0, 0)], {}),
        ("contained_then_gap", "a contained differing trace, then a 20-sample gap: get_gaps "
         "measures the gap from the contained trace's end",
         [(-100, 1600, 0, 0), (200, 100, 4, 0), (1520, 1600, 0, 0)], {}),
        ("three_traces_mixed", "gap, differing overlap and a contained trace",
         [(-100, 1000, 0, 0), (1030, 800, 1, 0), (1600, 1500, 0, 0), (1700, 200, 5, 0)], {}),
        ("completeness_above", "145 missing samples in a 30 s window (95.17 %)",
         [(-100, 1600, 0, 0), (1645, 1500, 0, 0)], {}),
        ("completeness_below", "155 missing samples in a 30 s window (94.83 %)",
         [(-100, 1600, 0, 0), (1655, 1500, 0, 0)], {}),
        ("completeness_exact", "150 missing samples in a 30 s window (exactly 95 %)",
         [(-100, 1600, 0, 0), (1650, 1500, 0, 0)], {}),
        ("starts_late", "data starts 2.5 s into the window (edge hold at the front)",
         [(250, 3000, 0, 0)], {}),
        ("ends_early", "data ends at 28.36 s: leading edge cut to 28 s, then held",
         [(-100, 2937, 0, 0)], {}),
        ("ends_early_with_gap", "a 1 s gap, then data ending at 24.99 s",
         [(-100, 1000, 0, 0), (1000, 1500, 0, 0)], {}),
        ("starts_late_ends_early", "data only in the middle of the window",
         [(1000, 1000, 0, 0)], {}),
        ("sub_sample_start", "starts +4 ms (0.4 sample) off the grid (no B1001 needed)",
         [(-100, 3300, 0, 4000)], {}),
        ("sub_sample_start_b1001", "starts +4.12 ms off the grid (B1001 microseconds)",
         [(-100, 3300, 0, 4120)], {}),
        ("sub_sample_tie", "starts +5 ms: window start half a sample away",
         [(-100, 3300, 0, 5000)], {}),
        ("sub_sample_minus_tie", "starts -5 ms: window start half a sample away",
         [(-100, 3300, 0, -5000)], {}),
        ("sub_sample_late_start", "starts 2.5 s + 6 ms into the window",
         [(250, 3000, 0, 6000)], {}),
    ]
    for name, desc, segs, opts in layouts:
        rate = opts.get("rate", 100.0)
        trs = [grid_trace(UWE, rate, i, n, variant=v, jitter_us=j) for i, n, v, j in segs]
        if opts.get("reverse"):
            trs = trs[::-1]
        fname = f"{name}.mseed"
        add_file(fname, desc, encode(trs, "STEIM2", 512, ">"))
        add_window(name, desc, [fname], UWE, t(0), t(opts.get("wlen", 30)))


def case_no_data_windows():
    tr = grid_trace(HAT, 100.0, 0, 3000)
    add_file("hat_30s.mseed", "30 s of HV.HAT..HHZ from 22:00:00", encode(tr, "STEIM2", 512, ">"))
    add_window("no_data_after", "window entirely after the data (expected null)",
               ["hat_30s.mseed"], HAT, t(60), t(120))
    add_window("no_data_before", "window entirely before the data (expected null)",
               ["hat_30s.mseed"], HAT, t(-60), t(0))
    add_window("no_data_ends_before_second", "data ends 0.0 s into window",
               ["hat_30s.mseed"], HAT, t(30), t(60))
    add_window("ends_inside_first_second", "data ends inside the window's first second",
               ["hat_30s.mseed"], HAT, t(29), t(59))
    add_window("other_channel", "selected channel absent from the file (merged and expected "
               "null)", ["hat_30s.mseed"], UWE, t(0), t(30))


def case_duplicates_and_order():
    rate = 100.0
    tr = grid_trace(OBL, rate, -300, 3600)
    recs = encode(tr, "STEIM2", 512, ">")
    n = len(recs)
    dup = recs[:5] + recs[3:] + recs[6:8]
    add_file("duplicated_records.mseed", f"{n} records, records 3-4 repeated right after "
             "themselves, 6-7 again at the end", dup)
    add_window("duplicated_records", "duplicated records merge away", ["duplicated_records.mseed"],
               OBL, t(0), t(30))
    rng = np.random.default_rng(2002)
    perm = rng.permutation(n)
    add_file("shuffled_records.mseed", "records of one trace in a random order",
             [recs[i] for i in perm])
    add_window("shuffled_records", "shuffled records", ["shuffled_records.mseed"], OBL,
               t(0), t(30))
    rev = list(reversed(recs))
    add_file("reversed_records.mseed", "records in reverse order", rev)
    add_window("reversed_records", "reversed records", ["reversed_records.mseed"], OBL,
               t(0), t(30))
    # two files for one window, overlapping in time, second one also duplicated
    a = grid_trace(OBL, rate, -300, 2000, salt=3)
    b = grid_trace(OBL, rate, 1500, 2000, salt=3)
    add_file("two_files_a.mseed", "first part (to 17 s)", encode(a, "STEIM1", 512, ">"))
    add_file("two_files_b.mseed", "second part (from 15 s, overlapping identical)",
             encode(b, "STEIM2", 4096, "<"))
    add_window("two_files", "one window from two files with an identical overlap",
               ["two_files_a.mseed", "two_files_b.mseed"], OBL, t(0), t(30))
    add_window("two_files_reversed", "same two files, given in reverse order",
               ["two_files_b.mseed", "two_files_a.mseed"], OBL, t(0), t(30))


def case_multichannel_quality():
    rate = 50.0
    trs = [grid_trace(GSTD, rate, -100, 1700, salt=1), grid_trace(SPCP, rate, -50, 1600, salt=2),
           grid_trace(RSDD, rate, 0, 1550, salt=4)]
    recs = []
    for tr in trs:
        recs.append(encode(tr, "STEIM2", 512, ">"))
    # interleave records of the three channels
    inter = []
    for i in range(max(len(r) for r in recs)):
        for r in recs:
            if i < len(r):
                inter.append(r[i])
    add_file("three_channels.mseed", "three channels, records interleaved", inter)
    for sid in (GSTD, SPCP, RSDD):
        add_window(f"three_channels_{sid.split('.')[1].lower()}", f"select {sid}",
                   ["three_channels.mseed"], sid, t(0), t(30))
    # qualities D and R mixed in one channel
    pieces = [grid_trace(KKO, rate, -100 + k * 250, 250, quality=q, salt=5)
              for k, q in enumerate("DDRDRRD")]
    recs = []
    for p in pieces:
        recs += encode(p, "STEIM2", 512, ">")
    add_file("quality_mixed.mseed", "one channel, consecutive pieces with quality D and R", recs)
    add_window("quality_mixed", "qualities D and R merge as one id", ["quality_mixed.mseed"], KKO,
               t(0), t(30))
    # D and R versions of the same time span (overlap identical data)
    d = grid_trace(KKO, rate, 0, 1000, quality="D", salt=6)
    r = grid_trace(KKO, rate, 500, 1100, quality="R", salt=6, variant=1)
    add_file("quality_overlap.mseed", "D trace then an R trace overlapping it with other data",
             encode([d, r], "STEIM2", 512, ">"))
    add_window("quality_overlap", "R overlapping D with differing data",
               ["quality_overlap.mseed"], KKO, t(0), t(30))


def case_float_rounding():
    rng = np.random.default_rng(3003)
    for enc, bo in (("FLOAT32", "<"), ("FLOAT64", ">")):
        n = 3300
        x = np.round(rng.normal(0, 50, n) * 2) / 2  # many exact x.5 ties
        x[100:110] = [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, -3.5, 4.5, -4.5]
        x[200:206] = [3e9, -3e9, 1e12, -1e12, 2147483647.0, -2147483648.0]
        x[300:304] = [2147483647.4, 2147483647.6, -2147483648.4, -2147483648.6]
        tr = make_trace(NPT, 100.0, T0_NS - 3 * NS, x.astype(DTYPE_FOR[enc]))
        name = f"float_rint_{enc.lower()}.mseed"
        add_file(name, f"{enc}: x.5 ties and values beyond int32", encode(tr, enc, 4096, bo))
        add_window(f"float_rint_{enc.lower()}", "rint ties to even, clamping", [name], NPT,
                   t(0), t(30))
    # float with a gap: interpolated floats are rounded too
    a = make_trace(NPT, 100.0, T0_NS - NS, (np.arange(1600) * 0.25 - 100.5).astype(np.float64))
    b = make_trace(NPT, 100.0, T0_NS + 16 * NS + 7 * 10**7,
                   (np.arange(1600) * -0.5 + 1000.5).astype(np.float64))
    add_file("float_gap.mseed", "FLOAT64 with a gap: interpolated float values",
             encode([a, b], "FLOAT64", 512, "<"))
    add_window("float_gap", "float interpolation then rint", ["float_gap.mseed"], NPT, t(0), t(30))


def case_time_correction():
    tr = grid_trace(UWE, 100.0, -200, 3400, salt=7)
    for bo, tag in ((">", "be"), ("<", "le")):
        recs = encode(tr, "STEIM2", 512, bo)
        for flag, applied in ((0, "applied"), (2, "not_applied")):
            out = []
            for rec in recs:
                rec = patch(rec, 40, "i", 1234)  # +0.1234 s
                rec = bytearray(rec)
                rec[36] |= flag
                out.append(bytes(rec))
            name = f"time_correction_{applied}_{tag}.mseed"
            add_file(name, f"time correction +1234 (x 0.0001 s), activity bit 0x02 "
                     f"{'set' if flag else 'clear'}, {tag} header", out)
            add_window(f"time_correction_{applied}_{tag}", f"window over {name}", [name], UWE,
                       t(0), t(30))


def case_blockette100():
    sid = HAT
    for name, desc, b100, bo, b1001, factor, mult in [
        ("b100_equal", "hand-assembled INT32 records, nominal 100 Hz, B100 = 100.0",
         100.0, ">", False, 100, 1),
        ("b100_differs", "hand-assembled, nominal 100 Hz (factor 100, mult 1), B100 = 99.98",
         99.98, ">", False, 100, 1),
        ("b100_differs_le_b1001", "hand-assembled little-endian, nominal 40 Hz "
         "(factor 400, mult -10), B100 = 40.004, B1001 microseconds", 40.004, "<", True, 400, -10),
    ]:
        rate = factor if mult == 1 else factor / -mult
        recs = []
        nper = (512 - 128) // 4  # B1000 + B100 (+ B1001) end past byte 64
        first = -150
        idx = first
        seq = 1
        start_us = 4120 if b1001 else 0
        while idx < int(25 * rate):
            data = base_signal(np.arange(idx, idx + nper), salt=8).astype(np.int32)
            start = UTCDateTime(ns=T0_NS + int(round(idx * NS / rate)) + start_us * 1000)
            recs.append(hand_record(seq, sid, "D", start, data, factor, mult, bo=bo,
                                    b100=b100, b1001=b1001))
            idx += nper
            seq += 1
        add_file(f"{name}.mseed", desc, recs)
        add_window(name, desc, [f"{name}.mseed"], sid, t(0), t(20))


def case_corruption():
    rate = 100.0
    sid = UWE
    tr = grid_trace(sid, rate, -200, 3700, salt=9)

    # --- Steim2 integrity failure: flip the low bit of a difference word in record 3.
    recs = encode(tr, "STEIM2", 512, ">")

    def steim_words(rec, bo):
        off = struct.unpack(bo + "H", rec[44:46])[0]
        nframes = (len(rec) - off) // 64
        return off, nframes

    def flip_diff(rec):
        bo = header_byteorder(rec)
        off, nframes = steim_words(rec, bo)
        rec = bytearray(rec)
        # frame 1, first word whose nibble is non-zero
        for frame in range(1, nframes):
            base = off + 64 * frame
            nib = struct.unpack(bo + "I", rec[base:base + 4])[0]
            for w in range(1, 16):
                code = (nib >> (30 - 2 * w)) & 3
                if code != 0:
                    pos = base + 4 * w + (3 if bo == ">" else 0)
                    rec[pos] ^= 0x01
                    return bytes(rec)
        raise AssertionError("no data word")

    def bad_dnib(rec, steim2=True):
        bo = header_byteorder(rec)
        off, nframes = steim_words(rec, bo)
        rec = bytearray(rec)
        for frame in range(1, nframes):
            base = off + 64 * frame
            nib = struct.unpack(bo + "I", rec[base:base + 4])[0]
            for w in range(1, 16):
                code = (nib >> (30 - 2 * w)) & 3
                if code in (2, 3):
                    word = struct.unpack(bo + "I", rec[base + 4 * w:base + 4 * w + 4])[0]
                    invalid = 0 if code == 2 else 3
                    word = (word & 0x3FFFFFFF) | (invalid << 30)
                    struct.pack_into(bo + "I", rec, base + 4 * w, word)
                    return bytes(rec)
        raise AssertionError("no dnib word")

    add_file("corrupt_steim2_integrity.mseed",
             "Steim2, record 3 has a flipped bit in a difference (last sample != Xn)",
             recs, bad={3: ("integrityCheckFailed", flip_diff(recs[3]))})
    add_window("corrupt_steim2_integrity", "record 3 skipped -> a gap",
               ["corrupt_steim2_integrity.mseed"], sid, t(0), t(30))

    recs_le = encode(tr, "STEIM1", 512, "<")
    add_file("corrupt_steim1_integrity_le.mseed",
             "Steim1 little-endian, records 2 and 6 have a flipped bit in a difference",
             recs_le, bad={2: ("integrityCheckFailed", flip_diff(recs_le[2])),
                           6: ("integrityCheckFailed", flip_diff(recs_le[6]))})
    add_window("corrupt_steim1_integrity_le", "records 2 and 6 skipped",
               ["corrupt_steim1_integrity_le.mseed"], sid, t(0), t(30))

    wide = make_trace(sid, rate, T0_NS - 2 * NS,
                      steim2_width_signal(2500, np.random.default_rng(4005)))
    recs_w = encode(wide, "STEIM2", 512, ">")
    add_file("corrupt_steim2_dnib.mseed", "Steim2 (all difference widths), record 5 has an "
             "invalid dnib", recs_w, bad={5: ("corruptData", bad_dnib(recs_w[5]))})
    add_window("corrupt_steim2_dnib", "record 5 skipped", ["corrupt_steim2_dnib.mseed"], sid,
               t(-2), t(22))

    # --- header garbage, B1000 intact (record length readable)
    r = bytearray(recs[4])
    r[6] = ord("X")
    add_file("bad_quality_char.mseed", "record 4 has quality indicator 'X' (B1000 intact)",
             recs, bad={4: ("invalidHeader", bytes(r))})
    add_window("bad_quality_char", "record 4 skipped", ["bad_quality_char.mseed"], sid,
               t(0), t(30))
    r = bytearray(recs[6])
    r[24] = 25  # hour 25
    add_file("bad_time.mseed", "record 6 has hour 25 (B1000 intact)", recs,
             bad={6: ("invalidHeader", bytes(r))})
    add_window("bad_time", "record 6 skipped", ["bad_time.mseed"], sid, t(0), t(30))
    r = patch(recs[7], 44, "H", 600)  # data offset beyond the 512-byte record
    add_file("bad_data_offset.mseed", "record 7 has data offset 600 > record length", recs,
             bad={7: ("invalidHeader", r)})
    add_window("bad_data_offset", "record 7 skipped", ["bad_data_offset.mseed"], sid,
               t(0), t(30))

    # --- whole record zeroed / garbage (decoder resyncs on the next 128-aligned header)
    add_file("zeroed_record.mseed", "record 5 (512 bytes) zeroed", recs,
             bad={5: ("invalidHeader", b"\0" * 512)})
    add_window("zeroed_record", "zeroed record skipped", ["zeroed_record.mseed"], sid,
               t(0), t(30))
    rng = np.random.default_rng(4004)
    garbage = rng.integers(0, 256, 512, dtype=np.uint8).tobytes()
    garbage = b"GARBAGE!" + garbage[8:]
    add_file("garbage_record.mseed", "record 7 replaced by 512 random bytes", recs,
             bad={7: ("invalidHeader", garbage)})

    # --- missing blockette 1000: libmseed finds the length from the next header and decodes
    # the data as Steim1 (its fallback), which these Steim2 frames of 8-bit differences are.
    r = bytearray(recs[2])
    r[39] = 0
    struct.pack_into(">H", r, 46, 0)
    r[48:56] = b"\0" * 8
    add_file("missing_b1000.mseed", "record 2 has no blockettes (B1000 removed): length "
             "detected from the next header, data decoded as Steim1 (libmseed's fallback)",
             recs[:2] + [bytes(r)] + recs[3:])

    # --- patched B1000 encoding byte of an INT32 file: INT24 is decoded by nobody (skipped);
    # ASCII and SRO are decoded as libmseed decodes them (a text trace; SRO gain-ranged words)
    recs32 = encode(tr, "INT32", 512, ">")
    for code, label in ((2, "int24"), (0, "ascii"), (30, "sro")):
        r = bytearray(recs32[3])
        r[48 + 4] = code
        if code == 2:
            add_file(f"encoding_{label}.mseed", f"INT32 records, record 3 claims encoding {code}",
                     recs32, bad={3: ("unsupportedEncoding", bytes(r))})
        else:
            add_file(f"encoding_{label}.mseed", f"INT32 records, record 3 claims encoding {code} "
                     "(decoded as libmseed does)", recs32[:3] + [bytes(r)] + recs32[4:])
    # Legacy encodings no writer produces any more: the same INT32 bytes read as each of them,
    # in both byte orders, expectations from ObsPy's (libmseed's) decoding of these bytes.
    recs32le = encode(tr, "INT32", 512, "<")
    for code, label in ((12, "geoscope24"), (13, "geoscope16_3"), (14, "geoscope16_4"),
                        (16, "cdsn"), (30, "sro"), (32, "dwwssn")):
        for bo, clean in ((">", recs32), ("<", recs32le)):
            if code == 30 and bo == ">":
                continue  # encoding_sro.mseed above
            r = bytearray(clean[3])
            r[48 + 4] = code
            suffix = "_le" if bo == "<" else "_be"
            add_file(f"encoding_{label}{suffix}.mseed", f"INT32 records ({'little' if bo == '<' else 'big'}"
                     f"-endian), record 3 claims encoding {code} (decoded as libmseed does)",
                     clean[:3] + [bytes(r)] + clean[4:])

    # --- header cleaning: stray non-ASCII bytes and padding in the codes (ObsPy strips the
    # codes and drops what is not ASCII; libmseed drops trailing spaces)
    dirty = []
    for i, rec in enumerate(recs[:6]):
        r = bytearray(rec)
        r[8:13] = [b"U\xe9WE ", b" UWE\xff", b"UWE\0X", b"UWE  ", b"\xb0UWE ", b"UWE\t "][i]
        r[13:15] = [b"  ", b"\xff\xff", b"\0\0", b"  ", b"  ", b"  "][i]
        dirty.append(bytes(r))
    add_file("header_non_ascii.mseed", "station/location codes with non-ASCII bytes, NULs, "
             "tabs and padding (cleaned as ObsPy cleans them)", dirty + recs[6:])
    # --- blank (noise) records between data records: skipped silently, as libmseed does
    blank = b"000000" + b" " * 506
    add_file("blank_records.mseed", "two 512-byte blank records (sequence number, then spaces) "
             "between data records", recs[:2] + [recs[2] + blank + blank] + recs[3:])

    # --- truncated at the end: cut in the middle of the last record
    cut = recs[:-1]
    add_file("truncated.mseed", "last record cut after 300 of its 512 bytes", cut,
             bad={"tail": "truncatedRecord"}, tail=recs[-1][:300])
    add_window("truncated", "last (partial) record ignored", ["truncated.mseed"], sid,
               t(0), t(30))
    # truncated inside the fixed header
    add_file("truncated_header.mseed", "file ends 20 bytes into the last record", cut,
             bad={"tail": "truncatedRecord"}, tail=recs[-1][:20])

    # --- files with no record at all
    add_file("empty.mseed", "empty file", [], error_code="emptyInput")
    add_file("text.mseed", "a text file, not miniSEED", [], error_code="notMiniSEED",
             raw=b"Error 404: Not Found\n\nRequest:\nnet=HV sta=UWE loc=-- cha=HHZ\n" * 3)
    sid3 = b"FDSN:HV_UWE__H_H_Z"
    # miniSEED 3 fixed header (40 bytes): MS, version 3, flags, nanosecond, year, day, hour,
    # minute, second, encoding, sample rate, sample count, CRC, publication version,
    # SID length, extra-header length, payload length; then the SID. No payload.
    v3 = struct.pack("<2sBBIHHBBBBdIIBBHI", b"MS", 3, 0x04, 0, 2025, 308, 22, 0, 0, 11,
                     100.0, 0, 0, 1, len(sid3), 0, 0) + sid3
    assert len(v3) == 40 + len(sid3)
    add_file("mseed3.mseed", "a miniSEED 3 header ('MS', version 3) whose CRC field is 0 "
             "(not computed): skipped", [bytes(v3)], bad={0: ("checksumMismatch", bytes(v3))})


def case_random_layouts(count=30):
    """Seeded random layouts: 3-8 traces with random gaps (1 sample .. 30 s), overlaps
    (identical or differing), contained traces, sub-sample jitter (below and above 1 % of a
    sample), written into 1-2 files, records possibly shuffled; one 30-120 s window each."""
    ids = [UWE, OBL, GSTD, SPCP, HAT, KKO, RSDD]
    for s in range(count):
        rng = np.random.default_rng(10_000 + s)
        rate = float(rng.choice([20.0, 40.0, 50.0, 50.0, 100.0]))
        sid = ids[s % len(ids)]
        enc = str(rng.choice(["STEIM2", "STEIM2", "STEIM1", "INT32", "FLOAT32"]))
        reclen = int(rng.choice([256, 512, 512, 4096]))
        bo = str(rng.choice([">", "<"]))
        ntr = int(rng.integers(3, 9))
        amp = int(rng.choice([50, 400, 3000]))
        wlen = int(rng.integers(30, 76 if rate < 100 else 46))
        base_ns = T0_NS + s * 600 * NS  # each scenario in its own 10-minute slot
        limit = int((wlen + 8) * rate)  # stop placing traces past the window (+8 s)
        traces = []
        kinds = []
        cursor = -int(rng.integers(0, int(8 * rate)))  # next free sample index
        prev = None
        for _ in range(ntr):
            if cursor > limit:
                break
            npts = int(rng.integers(max(2, int(wlen * rate / 12)), int(wlen * rate / 2.5)))
            kind = str(rng.choice(["gap", "gap", "gap", "adjacent", "overlap_same",
                                   "overlap_diff", "overlap_diff", "contained_diff",
                                   "contained_same", "long_gap"]))
            if prev is None:
                kind = "first"
                first = cursor
            elif kind == "gap":
                first = cursor + int(rng.choice([1, 1, 2, 3, 5, 17, int(rate)]))
            elif kind == "long_gap":
                first = cursor + int(rng.integers(int(rate), int(30 * rate)))
            elif kind == "adjacent":
                first = cursor
            elif kind.startswith("overlap"):
                first = cursor - int(rng.integers(1, max(2, min(npts, prev[1]) - 1)))
            else:  # contained in the previous trace
                pf, pn = prev
                npts = int(rng.integers(1, max(2, pn // 2)))
                first = pf + int(rng.integers(0, pn - npts + 1))
            variant = int(rng.integers(1, 4)) if kind.endswith("diff") else 0
            jitter = 0
            jr = rng.random()
            if jr < 0.2:  # below 1 % of a sample
                lim = int(0.009 * 1e6 / rate)
                jitter = int(rng.integers(-lim, lim + 1))
            elif jr < 0.3:  # above 1 %
                jitter = int(rng.integers(int(0.02 * 1e6 / rate), int(0.45 * 1e6 / rate)))
                jitter *= int(rng.choice([-1, 1]))
            tr = grid_trace(sid, rate, first, npts, variant=variant, jitter_us=jitter,
                            amp=amp, salt=s, t0_ns=base_ns)
            if enc == "FLOAT32":
                tr.data = (tr.data.astype(np.float64) * 0.5 + 0.25).astype(np.float32)
            traces.append(tr)
            kinds.append(f"{kind}@{first}+{npts}{f'({jitter:+d}us)' if jitter else ''}")
            if not kind.startswith("contained"):
                prev = (first, npts)
                cursor = max(cursor, first + npts)
        # records, shuffled or not, into 1-2 files
        nfiles = int(rng.integers(1, 3))
        per_file = [[] for _ in range(nfiles)]
        for tr in traces:
            per_file[int(rng.integers(nfiles))] += encode(tr, enc, reclen, bo)
        shuffled = bool(rng.random() < 0.4)
        names = []
        for fi, recs in enumerate(per_file):
            if not recs:
                continue
            if shuffled:
                recs = [recs[i] for i in rng.permutation(len(recs))]
            name = f"random_{s:02d}{'ab'[fi] if nfiles > 1 else ''}.mseed"
            add_file(name, f"random layout {s}: {enc} {reclen} {bo} {rate} Hz, traces: "
                     f"{', '.join(kinds)}{', records shuffled' if shuffled else ''}", recs)
            names.append(name)
        # window start: a few seconds before/after the slot start
        ws = UTCDateTime(ns=base_ns) + int(rng.integers(-5, 6))
        add_window(f"random_{s:02d}", f"random layout {s}, {wlen} s window", names, sid,
                   ws, ws + wlen)


# --------------------------------------------------------------------------------------


def main():
    for d in (MSEED_DIR, EXPECTED_DIR):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir()
    case_encodings()
    case_rates_plain()
    case_gaps()
    case_no_data_windows()
    case_duplicates_and_order()
    case_multichannel_quality()
    case_float_rounding()
    case_time_correction()
    case_blockette100()
    case_corruption()
    case_random_layouts()

    for name, spec in FILES.items():
        (MSEED_DIR / name).write_bytes(spec["actual"])
        (TMP / name).write_bytes(spec["valid"])

    manifest = {"generator": "make_fixtures.py", "obspy": obspy.__version__,
                "numpy": np.__version__, "files": [], "windows": []}
    for name, spec in FILES.items():
        entry, notes = build_file_entry(name, spec)
        manifest["files"].append(entry)
        tr_desc = ", ".join(f"{t['id']}/{t['quality']} n={t['npts']}" for t in entry["traces"])
        say(f"file   {name}: {entry['records']} records, {len(entry['traces'])} traces "
            f"[{tr_desc[:100]}]" + (f" warnings={len(entry['warnings'])}" if entry["warnings"]
                                     else "") + (f" error={entry['error_code']}"
                                                 if entry["error_code"] else ""))
        for n in notes:
            say(f"       note: {n}")
    for spec in WINDOWS:
        entry, notes = build_window_entry(spec)
        manifest["windows"].append(entry)
        e = entry["expected"]
        if e is None:
            summary = "expected null" + (" (merged null)" if entry["merged"] is None else "")
        else:
            summary = (f"n={e['samples']} real={e['real_samples']} edge={e['edge_filled_samples']}"
                       f" gaps={e['gap_count']}/{e['gap_samples_filled']} "
                       f"compl={e['completeness']:.5f} acc={e['accepted']} "
                       f"clamped={e['clamped_samples']}")
        say(f"window {entry['name']}: {summary}")
        for n in notes:
            say(f"       note: {n}")

    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    shutil.rmtree(TMP)
    size = sum(p.stat().st_size for p in HERE.rglob("*") if p.is_file()
               and "__pycache__" not in p.parts)
    print(f"done: {len(manifest['files'])} files, {len(manifest['windows'])} windows, "
          f"{len(BIN_INDEX)} expected arrays, fixtures folder {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
