"""Read a seiscache store following only Docs/data-format.md and check it against ObsPy.

    check_store.py DATA_DIR ARCHIVE_DIR [--stored-only]

Walks DATA_DIR/data for day-metadata files, reads every chunk they name with zstandard and
numpy, and compares samples and statistics with the ObsPy reference (the SeedCore
fixtures' obspy_reference.py) computed from the miniSEED files in ARCHIVE_DIR; then checks
that every ObsPy-accepted 10-minute window of the archive is stored, unless
``--stored-only`` (a store that holds only some kinds or windows of the archive, e.g. rebuilt
6 h checkpoints). Prints a JSON summary; exits 1 with the first difference.
"""
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import zstandard
from obspy import Stream, UTCDateTime, read

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "SeedCoreTests" / "Fixtures"))
import obspy_reference  # noqa: E402

data_dir, archive = Path(sys.argv[1]), Path(sys.argv[2])
stored_only = "--stored-only" in sys.argv[3:]
stream = Stream()
for path in sorted(p for p in archive.rglob("*") if p.is_file() and p.suffix not in (".json", ".txt", ".py")):
    stream += read(str(path), format="MSEED")


def fail(message):
    print(f"check_store: {message}", file=sys.stderr)
    sys.exit(1)


def rate_text(rate):
    return f"{rate:.2f}".rstrip("0").rstrip(".")


def stamp(t):
    return t.strftime("%Y-%m-%d-%H-%M-%S")


def folder_on_disk(key_folder):
    # The local store writes an empty key segment (empty location) as the folder "--".
    return data_dir / "/".join("--" if s == "" else s for s in key_folder.split("/"))


summary = {"metadata_files": 0, "chunks": 0, "samples": 0}
named_files = set()
# Day metadata lives under data/ (the store also holds leases/ and live/ objects).
chunk_root = data_dir / "data" if (data_dir / "data").is_dir() else data_dir
for meta_path in sorted(chunk_root.rglob("*.json")):
    meta = json.loads(meta_path.read_text())
    summary["metadata_files"] += 1
    net, sta, loc, cha, rate = meta["network"], meta["station"], meta["location"], meta["channel"], meta["sample_rate"]
    day = UTCDateTime(meta["date"])
    key_folder = f"data/{day.year:04d}/{day.month:02d}/{net}/{meta['volcano']}/{sta}/{loc}/{cha}"
    prefix = f"{net}_{sta}_{loc}_{cha}_{rate_text(rate)}Hz"
    if meta_path.name != f"{prefix}_{meta['date']}.json":
        fail(f"{meta_path.name} is not the documented metadata name {prefix}_{meta['date']}.json")
    if meta_path.parent != folder_on_disk(key_folder):
        fail(f"{meta_path} is not in the documented folder {key_folder}")
    lows, highs = [], []
    for kind, entries in meta["chunks"].items():
        starts = [e["start"] for e in entries]
        if starts != sorted(starts) or len(set(starts)) != len(starts):
            fail(f"{meta_path.name}: {kind} entries not unique and sorted: {starts}")
        for e in entries:
            ws = UTCDateTime(f"{meta['date']}T{e['start']}")
            seconds = {"10min": 600, "1h": 3600, "6h": 21600, "24h": 86400}[kind]
            we = ws + seconds
            name = f"{prefix}_{stamp(ws)}_to_{stamp(we)}.bin.zst"
            if e["file"] != name:
                fail(f"entry names {e['file']}, the documented name is {name}")
            chunk = meta_path.parent / name
            if not chunk.exists():
                fail(f"metadata names a missing chunk {chunk}")
            named_files.add(chunk)
            frame = chunk.read_bytes()
            if zstandard.frame_content_size(frame) != e["samples"] * 4:
                fail(f"{name}: frame content size {zstandard.frame_content_size(frame)} != samples*4")
            samples = np.frombuffer(zstandard.ZstdDecompressor().decompress(frame), dtype="<i4")
            if len(samples) != e["samples"] or e["samples"] != round(seconds * rate):
                fail(f"{name}: {len(samples)} samples, entry says {e['samples']}")
            if (int(samples.min()), int(samples.max())) != (e["min"], e["max"]):
                fail(f"{name}: min/max {samples.min()}/{samples.max()} != entry {e['min']}/{e['max']}")
            if e["compressed_size_bytes"] != len(frame) or e["uncompressed_size_bytes"] != len(samples) * 4:
                fail(f"{name}: sizes in the entry differ from the file")
            if "etag" in e and e["etag"] != hashlib.md5(frame).hexdigest():
                fail(f"{name}: etag {e['etag']} is not the MD5 of the file")
            channel_id = f"{net}.{sta}.{loc}.{cha}"
            overlapping = Stream([tr for tr in stream if tr.id == channel_id
                                  and tr.stats.starttime < we and tr.stats.endtime >= ws])
            expected, ref = obspy_reference.process_window(overlapping, channel_id, ws, we)
            if not ref["accepted"]:
                fail(f"{name}: stored although ObsPy's completeness is {ref['completeness']}")
            if not np.array_equal(expected, samples):
                diff = np.nonzero(expected != samples)[0]
                fail(f"{name}: {len(diff)} samples differ from ObsPy, first at {diff[0]}")
            for field in ("gap_count", "gap_samples_filled", "edge_filled_samples"):
                if e[field] != ref[field]:
                    fail(f"{name}: {field} {e[field]} != ObsPy {ref[field]}")
            if abs(e["gap_duration_seconds"] - ref["gap_duration_seconds"]) > 1e-9:
                fail(f"{name}: gap_duration_seconds {e['gap_duration_seconds']} != {ref['gap_duration_seconds']}")
            lows.append(e["min"])
            highs.append(e["max"])
            summary["chunks"] += 1
            summary["samples"] += len(samples)
    norm = meta.get("normalization")
    if lows and (norm is None or norm["global_min"] != min(lows) or norm["global_max"] != max(highs)):
        fail(f"{meta_path.name}: normalization {norm} != {min(lows)}/{max(highs)}")

# Every ObsPy-accepted 10-minute window of the archive must be stored, and nothing else.
for tr_id in sorted({tr.id for tr in stream}) if not stored_only else []:
    traces = Stream([tr for tr in stream if tr.id == tr_id])
    first = min(tr.stats.starttime for tr in traces)
    last = max(tr.stats.endtime for tr in traces)
    ws = UTCDateTime(int(first.timestamp // 600 * 600))
    while ws <= last:
        we = ws + 600
        overlapping = Stream([tr for tr in traces if tr.stats.starttime < we and tr.stats.endtime >= ws])
        result = obspy_reference.process_window(overlapping, tr_id, ws, we) if len(overlapping) else None
        net, sta, loc, cha = tr_id.split(".")
        rate = traces[0].stats.sampling_rate
        matches = [p for p in named_files
                   if p.name == f"{net}_{sta}_{loc}_{cha}_{rate_text(rate)}Hz_{stamp(ws)}_to_{stamp(we)}.bin.zst"]
        if result is not None and result[1]["accepted"] and not matches:
            fail(f"{tr_id} {ws}: ObsPy accepts the window but no chunk is recorded")
        if (result is None or not result[1]["accepted"]) and matches:
            fail(f"{tr_id} {ws}: a chunk is recorded but ObsPy rejects the window")
        summary.setdefault("windows_checked", 0)
        summary["windows_checked"] += 1
        ws = we

stray = {p for p in chunk_root.rglob("*.bin.zst")} - named_files
if stray:
    fail(f"chunks not named by any metadata file: {sorted(map(str, stray))[:3]}")
print(json.dumps(summary, sort_keys=True))
