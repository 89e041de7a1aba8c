#!/usr/bin/env python3
"""Generate the web player's test fixtures (Tests/PlayerTests), computed by SciPy and libzstd.

Run from anywhere:

    .venv/bin/python Tests/PlayerTests/Fixtures/make_fixtures.py

It (re)creates, next to itself:

* ``filter.json``   SciPy's ``butter(..., output='sos')`` and ``sosfilt_zi`` for several
  orders, types and rates, and the processing contract (``player_reference``) on int32
  signals at 100, 50, 40.96, 20 and 1 Hz, on int32 extremes, on an all-zero range and
  on a request with a missing span;
* ``zstd/*.zst``    zstd frames written by libzstd (python ``zstandard``, level 3 with the
  content size and checksum, as ChunkStore writes chunks): an empty frame, a small one, a
  4 MiB one, one without a content size (streaming writer), two frames back to back, and
  a corrupted and a truncated frame that must fail;
* ``zstd.json``     what each frame decodes to (size, SHA-256, first values) or that it fails;
* ``spectrogram.json`` ``scipy.signal.spectrogram`` (Hann, density, psd, no detrend) of
  processed signals with the player's parameters (one with a missing span);
* ``session/``      a small store for whole-session tests: a /data hit manifest of 10 Hz
  chunks (one starting before the request, one ending after it, a missing 10 minutes in
  between, one with gaps), the chunks as libzstd frames, and ``expected.f32``: the player's
  output for the request (little-endian float32) by ``player_reference.process_pieces``.

Deterministic: seeded RNGs, integer signals, floats written with a fixed number of
significant digits (so a last-bit difference between SciPy builds does not change a byte);
``scripts/test`` runs it and fails if a file changes.
"""

import hashlib
import json
import shutil
import sys
from pathlib import Path

import numpy as np
import scipy
import zstandard
from scipy import signal

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import player_reference as ref  # noqa: E402


def g(value, digits):
    """A float as JSON with `digits` significant digits (stable across SciPy builds)."""
    return float(f"{value:.{digits}g}")


def designs():
    out = []
    for rate in (100.0, 50.0, 40.96, 20.0, 1.0, 200.0):
        for order in (1, 2, 3, 4, 5):
            for btype, cutoff in (("highpass", 0.1), ("lowpass", min(5.0, rate / 4))):
                sos = signal.butter(order, cutoff, btype, fs=rate, output="sos")
                zi = signal.sosfilt_zi(sos)
                out.append({
                    "order": order, "cutoff": cutoff, "btype": btype, "rate": rate,
                    "sos": [g(v, 15) for v in sos.ravel()],
                    "zi": [g(v, 15) for v in zi.ravel()],
                })
    return out


def realistic(rng, n, rate, offset, amplitude):
    """A seismogram-like int32 signal: DC offset, drift, a tremor tone, noise, a spike."""
    t = np.arange(n) / rate
    walk = np.cumsum(rng.integers(-40, 41, n))
    tone = amplitude * np.sin(2 * np.pi * min(1.3, rate / 5) * t) * np.exp(-((t - t[-1] / 2) ** 2) / (t[-1] / 3 + 1) ** 2)
    noise = rng.normal(0, amplitude / 20, n)
    x = offset + walk + tone + noise
    x[n // 3] += 8 * amplitude
    return np.round(x).astype(np.int32)


def signal_case(name, x, rate, global_min, global_max, note):
    y = ref.process_unclipped(x, rate, global_min, global_max)
    return {
        "name": name, "note": note, "rate": rate,
        "global_min": int(global_min), "global_max": int(global_max),
        "x": [int(v) for v in x],
        "y": [g(v, 13) for v in y],
    }


def signals():
    rng = np.random.default_rng(20251104)
    cases = []
    for rate, n, offset, amp in ((100.0, 3000, -90_000, 3000), (50.0, 2000, 1_200, 800),
                                 (40.96, 2048, 250_000, 20_000), (20.0, 1200, -5, 150),
                                 (1.0, 600, 40_000, 2_000)):
        x = realistic(rng, n, rate, offset, amp)
        # The manifest's normalization covers whole chunks: wider than the samples themselves.
        gmin, gmax = int(x.min()) - 1000, int(x.max()) + 500
        cases.append(signal_case(f"realistic_{rate:g}Hz", x, rate, gmin, gmax,
                                 "DC offset, drift, tone, noise and a spike"))
    i32 = np.iinfo(np.int32)
    blocks = []
    for value, length in ((i32.min, 50), (i32.max, 200), (i32.min, 200), (0, 100), (i32.max, 150), (-1, 100)):
        blocks.append(np.full(length, value, dtype=np.int64))
    x = np.concatenate(blocks).astype(np.int32)
    cases.append(signal_case("int32_extremes_100Hz", x, 100.0, i32.min, i32.max,
                             "full-scale steps starting at int32 min: clipping and float64 range"))
    x = rng.integers(i32.min, i32.max, 1000, endpoint=True, dtype=np.int64).astype(np.int32)
    cases.append(signal_case("int32_random_40.96Hz", x, 40.96, int(x.min()), int(x.max()),
                             "uniform random over the whole int32 range"))
    cases.append(signal_case("zeros_100Hz", np.zeros(300, dtype=np.int32), 100.0, 0, 0,
                             "an all-zero range: divisor 1, silence"))
    cases.append(signal_case("one_sample_50Hz", np.array([123456], dtype=np.int32), 50.0, -200000, 200000,
                             "a single sample: the steady state gives 0"))
    return cases


def gap_case():
    """A request whose middle no chunk covers: silence there, restart after it."""
    rng = np.random.default_rng(7)
    rate = 10.0
    start = 1762293600.0  # 2025-11-04T22:00:00Z
    a = realistic(rng, 6_000, rate, -20_000, 900)   # 22:00–22:10
    c = realistic(rng, 6_000, rate, -21_000, 700)   # 22:20–22:30 (22:10–22:20 missing)
    chunks = [(start, a), (start + 1200, c)]
    req_start, req_end = start + 300, start + 1500
    pieces = ref.request_samples(chunks, req_start, req_end, rate)
    gmin, gmax = min(int(a.min()), int(c.min())), max(int(a.max()), int(c.max()))
    y = ref.process_pieces(pieces, rate, gmin, gmax)
    # Keep the fixture small: the samples around the two joins, which is what the rule is about.
    return {
        "rate": rate, "global_min": gmin, "global_max": gmax,
        "chunks": [{"start": s, "samples": [int(v) for v in d]} for s, d in chunks],
        "request": {"start": req_start, "end": req_end},
        "pieces": [{"index": p[0], "length": p[2], "missing": p[1] is None} for p in pieces],
        "checks": [
            {"offset": o, "y": [g(float(v), 8) for v in y[o:o + 200]]}
            for o in (0, 2_900, 5_900, 6_000 + 5_900, len(y) - 200)
        ],
        "length": int(len(y)),
    }


def loudness_cases():
    """The "centered" loudness (player_reference.divisor) on the realistic signals."""
    rng = np.random.default_rng(24)
    cases = []
    for rate, n, offset, amp in ((100.0, 3000, -90_000, 3000), (40.96, 2048, 250_000, 20_000)):
        x = realistic(rng, n, rate, offset, amp)
        gmin, gmax = int(x.min()) - 1000, int(x.max()) + 500
        y = ref.process_unclipped(x, rate, gmin, gmax, "centered")
        cases.append({"rate": rate, "global_min": gmin, "global_max": gmax, "x": [int(v) for v in x],
                      "y": [g(v, 13) for v in y]})
    return cases


def spectrograms():
    """SciPy's spectrogram of processed (float32) signals with the player's parameters."""
    rng = np.random.default_rng(1)
    cases = []
    for rate, n, nperseg, noverlap, gap in ((100.0, 4_000, 512, 256, None), (40.96, 3_000, 256, 0, None),
                                             (20.0, 1_500, 128, 64, (500, 700)), (100.0, 600, 512, 256, None)):
        x = realistic(rng, n, rate, 5_000, 2_000)
        pieces = [(0, x, n)] if gap is None else [(0, x[:gap[0]], gap[0]), (gap[0], None, gap[1] - gap[0]),
                                                  (gap[1], x[gap[1]:], n - gap[1])]
        y = ref.process_pieces(pieces, rate, int(x.min()), int(x.max()))
        f, t, power = ref.spectrogram(y, rate, nperseg, noverlap)
        cases.append({
            "fs": rate, "nperseg": nperseg, "noverlap": noverlap, "note": "with a missing span" if gap else "",
            "y": [float(v) for v in y],  # float32 values, exactly
            "frequencies": [g(v, 15) for v in f], "times": [g(v, 15) for v in t],
            "power": [[g(v, 12) for v in row] for row in power],
        })
    return cases


def zstd_frames(folder):
    rng = np.random.default_rng(4)
    compressor = zstandard.ZstdCompressor(level=3, write_content_size=True, write_checksum=True)
    frames = {}

    def add(name, raw, frame, expect="ok", note=""):
        (folder / f"{name}.zst").write_bytes(frame)
        entry = {"note": note, "frame_bytes": len(frame)}
        if expect == "ok":
            entry.update({"raw_bytes": len(raw), "raw_sha256": hashlib.sha256(raw).hexdigest(),
                          "first_int32": [int(v) for v in np.frombuffer(raw[:40], dtype="<i4")]})
        else:
            entry["error"] = expect
        frames[name] = entry

    add("empty", b"", compressor.compress(b""), note="content size 0 (an empty chunk)")
    small = rng.integers(-5000, 5000, 100, dtype=np.int64).astype("<i4").tobytes()
    add("small", small, compressor.compress(small), note="100 int32")
    # 4 MB that still compresses well (the file is committed): a noisy 16 Ki-sample pattern
    # repeated with edits (long matches across blocks) and an incompressible tail.
    pattern = rng.integers(-2000, 2000, 16384, dtype=np.int64)
    tiles = []
    for _ in range(60):
        tile = pattern.copy()
        at = rng.integers(0, len(tile), 100)
        tile[at] = rng.integers(-10**6, 10**6, len(at))
        tiles.append(tile)
    tiles.append(rng.integers(-2**31, 2**31, 8192, dtype=np.int64))
    big = np.concatenate(tiles).astype("<i4").tobytes()
    add("large", big, compressor.compress(big), note="4 MB of int32 (991 232 samples), many blocks, a random tail")
    streamed = rng.integers(-4, 4, 40_000, dtype=np.int64).astype("<i4").tobytes()
    chunker = zstandard.ZstdCompressor(level=3, write_content_size=False, write_checksum=True)
    add("no_content_size", streamed, _stream(chunker, streamed),
        note="written by a streaming compressor: no content size in the header")
    first = rng.integers(-9, 9, 2000, dtype=np.int64).astype("<i4").tobytes()
    second = rng.integers(-9, 9, 3000, dtype=np.int64).astype("<i4").tobytes()
    add("two_frames", first + second, compressor.compress(first) + compressor.compress(second),
        note="two frames back to back: libzstd decodes both")
    frame = bytearray(compressor.compress(small))
    frame[-1] ^= 0xFF
    add("bad_checksum", None, bytes(frame), expect="checksum", note="the checksum's last byte flipped")
    add("truncated", None, compressor.compress(big)[:5000], expect="truncated", note="the first 5000 bytes of large")
    return frames


def _stream(compressor, raw):
    chunks = []
    obj = compressor.compressobj()
    for i in range(0, len(raw), 65536):
        chunks.append(obj.compress(raw[i:i + 65536]))
    chunks.append(obj.flush())
    return b"".join(chunks)


def session_store(folder):
    rng = np.random.default_rng(1104)
    rate = 10.0
    day = 1762214400  # 2025-11-04T00:00:00Z
    compressor = zstandard.ZstdCompressor(level=3, write_content_size=True, write_checksum=True)

    def iso(t):
        return f"{np.datetime64(int(t), 's')}Z"

    def stamp(t):
        return str(np.datetime64(int(t), "s")).replace("T", "-").replace(":", "-")

    chunks = []
    stored = []
    level = -30_000
    for start, gaps in ((day + 22 * 3600, 0), (day + 22 * 3600 + 600, 0), (day + 22 * 3600 + 1800, 1)):
        n = int(600 * rate)
        x = realistic(rng, n, rate, level, 1_500)
        level += 700
        name = f"HV_TEST__HHZ_10Hz_{stamp(start)}_to_{stamp(start + 600)}.bin.zst"
        key = f"data/2025/11/HV/kilauea/TEST//HHZ/{name}"
        (folder / name).write_bytes(compressor.compress(x.astype("<i4").tobytes()))
        chunks.append({
            "kind": "10min", "start": iso(start), "end": iso(start + 600), "samples": n,
            "min": int(x.min()), "max": int(x.max()), "url": f"/files/{key}", "key": key,
            "compressed_size_bytes": (folder / name).stat().st_size,
            "gap_count": gaps, "gap_samples_filled": 35 * gaps, "edge_filled_samples": 0,
        })
        if gaps:
            # Placed as the day metadata places it (ObsPy's get_gaps() row): the last sample
            # before, 22:32:00.0, and the first after, 22:32:03.6; 35 samples at 10 Hz between.
            chunks[-1]["gaps"] = [{"start": f"{iso(start + 120)[:-1]}.000000Z", "end": f"{iso(start + 123)[:-1]}.600000Z",
                                   "duration_seconds": 3.5, "samples": 35}]
        stored.append((start, x))
    req_start, req_end = day + 22 * 3600 + 305, day + 22 * 3600 + 2130   # 22:05:05 – 22:35:30
    gmin = min(c["min"] for c in chunks)
    gmax = max(c["max"] for c in chunks)
    manifest = {
        "network": "HV", "volcano": "kilauea", "station": "TEST", "location": "", "channel": "HHZ",
        "sample_rate": rate, "format": "int32", "start": iso(req_start), "end": iso(req_end),
        "normalization": {"global_min": gmin, "global_max": gmax}, "complete": False, "chunks": chunks,
    }
    pieces = ref.request_samples(stored, req_start, req_end, rate)
    y = ref.process_pieces(pieces, rate, gmin, gmax)
    # Where the filter starts at rest on x[0] the exact output is 0; float64 leaves rounding
    # noise of ~1e-14 there whose digits depend on the CPU's BLAS kernels (sosfilt_zi solves a
    # linear system). Written as 0, the file is the same on every machine (tests allow 1e-6).
    y = np.where(np.abs(y) < 1e-9, 0.0, y)
    (folder / "expected.f32").write_bytes(y.astype("<f4").tobytes())
    write_json(folder / "manifest.json", manifest)
    write_json(folder / "pieces.json", [{"index": p[0], "length": p[2], "missing": p[1] is None} for p in pieces])


def write_json(path, value):
    path.write_text(json.dumps(value, sort_keys=True, separators=(",", ":")) + "\n")


def main():
    write_json(HERE / "filter.json", {
        "generator": "make_fixtures.py with player_reference.py",
        "scipy": scipy.__version__, "numpy": np.__version__,
        "designs": designs(),
        "signals": signals(),
        "gap": gap_case(),
        "loudness": loudness_cases(),
    })
    write_json(HERE / "spectrogram.json", {
        "generator": "make_fixtures.py with player_reference.py", "scipy": scipy.__version__,
        "cases": spectrograms(),
    })
    folder = HERE / "zstd"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    write_json(HERE / "zstd.json", {
        "generator": "make_fixtures.py", "zstandard": zstandard.__version__,
        "libzstd": ".".join(str(v) for v in zstandard.ZSTD_VERSION),
        "frames": zstd_frames(folder),
    })
    folder = HERE / "session"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    session_store(folder)


if __name__ == "__main__":
    main()
