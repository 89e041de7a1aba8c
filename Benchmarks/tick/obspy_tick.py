"""The seed's cron tick in Python (000's pipeline: ObsPy FDSN client per channel, merge,
process, zstd level 3, JSON metadata), for the same 15 channels and window as
`seiscron run`, against the same local FDSN server; prints wall time and peak RSS as JSON.

    obspy_tick.py BASE_URL OUT_DIR START END
"""
import json
import resource
import sys
import time
from pathlib import Path

import zstandard
from obspy import UTCDateTime
from obspy.clients.fdsn import Client

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "SeedCoreTests" / "Fixtures"))
import obspy_reference  # noqa: E402

CHANNELS = [
    ("kilauea", "HV", "UWE", "", "HHZ"), ("kilauea", "HV", "OBL", "", "HHZ"), ("kilauea", "HV", "UWB", "", "HHZ"),
    ("maunaloa", "HV", "MOKD", "", "HHZ"), ("maunaloa", "HV", "SWRD", "", "EHZ"), ("maunaloa", "HV", "WILD", "", "EHZ"),
    ("greatsitkin", "AV", "GSTD", "", "BHZ"), ("greatsitkin", "AV", "GSTR", "", "BHZ"), ("greatsitkin", "AV", "GSSP", "", "BHZ"),
    ("shishaldin", "AV", "SSLS", "", "BHZ"), ("shishaldin", "AV", "SSLN", "", "BHZ"), ("shishaldin", "AV", "SSBA", "", "BHZ"),
    ("spurr", "AV", "SPCP", "", "BHZ"), ("spurr", "AV", "SPBG", "", "BHZ"), ("spurr", "AV", "SPCN", "", "BHZ"),
]

base, out, ws, we = sys.argv[1], Path(sys.argv[2]), UTCDateTime(sys.argv[3]), UTCDateTime(sys.argv[4])
began = time.perf_counter()
client = Client(base_url=base, service_mappings={"dataselect": base + "/fdsnws/dataselect/1"},
                _discover_services=False)
fingerprint = 0
stored = 0
for volcano, net, sta, loc, cha in CHANNELS:
    st = client.get_waveforms(net, sta, loc or "--", cha, ws, we)
    channel_id = f"{net}.{sta}.{loc}.{cha}"
    samples, summary = obspy_reference.process_window(st, channel_id, ws, we)
    if not summary["accepted"]:
        continue
    frame = zstandard.ZstdCompressor(level=3).compress(samples.astype("<i4").tobytes())
    rate = f"{summary['sample_rate']:.2f}".rstrip("0").rstrip(".")
    folder = out / f"data/{ws.year}/{ws.month:02d}/{net}/{volcano}/{sta}/{loc}/{cha}"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{net}_{sta}_{loc}_{cha}_{rate}Hz_{ws.strftime('%Y-%m-%d-%H-%M-%S')}_to_{we.strftime('%Y-%m-%d-%H-%M-%S')}"
    (folder / f"{name}.bin.zst").write_bytes(frame)
    meta_path = folder / f"{net}_{sta}_{loc}_{cha}_{rate}Hz_{ws.strftime('%Y-%m-%d')}.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {"chunks": {"10min": []}}
    meta["chunks"]["10min"].append({"start": ws.strftime("%H:%M:%S"), "end": we.strftime("%H:%M:%S"),
                                    "min": summary["min"], "max": summary["max"], "samples": summary["samples"]})
    meta_path.write_text(json.dumps(meta, indent=2))
    fingerprint += int(samples.astype("int64").sum())
    stored += 1
elapsed = time.perf_counter() - began
print(json.dumps({"seconds": elapsed, "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "stored": stored, "sum": fingerprint}))
