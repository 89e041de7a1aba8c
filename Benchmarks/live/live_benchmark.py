"""The live service's benchmarks (see Benchmarks/run-live.sh): freshness of stored windows and
the cost of following many channels. Reads the records' times with nothing but struct (the
miniSEED 2 fixed header), so it needs no ObsPy."""
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

bin_dir, sample, work, channels, speed = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])


def btime(data, offset):
    """A record's start (ns since 1970), sample count and rate from its fixed header (big-endian)."""
    year, day, hour, minute, second, _, tenth = struct.unpack(">HHBBBBH", data[offset + 20:offset + 30])
    count = struct.unpack(">H", data[offset + 30:offset + 32])[0]
    factor, multiplier = struct.unpack(">hh", data[offset + 32:offset + 36])
    rate = (factor if factor > 0 else -1 / factor) * (multiplier if multiplier > 0 else -1 / multiplier)
    start = datetime(year, 1, 1, hour, minute, second, tzinfo=timezone.utc).timestamp() + (day - 1) * 86400
    return int(start * 1e9) + tenth * 100_000, count, rate


def records(folder):
    """(channel file, start ns, last sample ns) of every 512-byte record under folder."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        for offset in range(0, len(data), 512):
            start, count, rate = btime(data, offset)
            found.append((path.name, start, start + round((count - 1) * 1e9 / rate)))
    return found


def start_server(folder, replay_from, pace):
    server = subprocess.Popen(
        [str(bin_dir / "seedlink-test-server"), "--replay-from", replay_from, "--speed", str(pace), str(folder)],
        stdout=subprocess.PIPE, text=True)
    return server, json.loads(server.stdout.readline())


def start_live(port, data, config=None):
    env = dict(os.environ, LIVE_STATION_FACTS_SECONDS="0", LOG_LEVEL="warning")
    for key in [k for k in env if k.startswith(("R2_", "S3_"))]:
        del env[key]
    arguments = [str(bin_dir / "seiscron"), "live", "--source", f"seedlink:127.0.0.1:{port}", "--data-dir", str(data)]
    if config:
        arguments += ["--config", str(config)]
    return subprocess.Popen(arguments, env=env, stderr=subprocess.DEVNULL)


def chunks(data):
    return list((data / "data").rglob("*.bin.zst")) if (data / "data").exists() else []


def wait_for(data, count, limit):
    deadline = time.time() + limit
    while len(chunks(data)) < count and time.time() < deadline:
        time.sleep(0.05)
    return len(chunks(data))


def stop(process):
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=60)


def peak_rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# 1. Freshness.
replay_from = "2025-11-04T22:09:40Z"
origin = int(datetime(2025, 11, 4, 22, 9, 40, tzinfo=timezone.utc).timestamp() * 1e9)
window_end = int(datetime(2025, 11, 4, 22, 10, tzinfo=timezone.utc).timestamp() * 1e9)
data = work / "fresh"
shutil.rmtree(data, ignore_errors=True)
server, facts = start_server(sample, replay_from, 1.0)
live = start_live(facts["port"], data)
stored = wait_for(data, 15, 60)
status = stop(live)
server.terminate()
# The record holding each window's last sample: the first whose last sample reaches end − period/2.
due = {}
for name, start, last in records(sample):
    channel = name.split(".D.")[0]
    rate_ns = 1e9 / (100 if channel.endswith(("HHZ", "EHZ")) else 50)
    if last >= window_end - rate_ns * 1.5 and start < window_end:
        released = facts["started_at_ns"] + max(0, (last - origin)) / 1.0
        due[channel] = min(due.get(channel, released), released)
lags = []
for path in chunks(data):
    if "22-00-00_to" not in path.name:
        continue
    channel = path.name.split("_")[0] + "." + path.name.split("_")[1] + ".." + path.name.split("_")[3]
    lags.append((path.stat().st_mtime_ns - due[channel]) / 1e9)
lags.sort()
print(json.dumps({
    "benchmark": "freshness", "channels_stored": stored, "exit": status,
    "stored_after_last_record_due_s": {"min": round(lags[0], 3), "p50": round(lags[len(lags) // 2], 3), "max": round(lags[-1], 3)},
    "target_s": 5.0,
}), flush=True)

# 2. Scale.
template = (sample / "2025/HV/UWE/HHZ.D/HV.UWE..HHZ.D.2025.308").read_bytes()
archive = work / f"sds-{channels}"
stations = [f"S{i:04d}" for i in range(1, channels + 1)]
if not (archive / "complete").exists():
    shutil.rmtree(archive, ignore_errors=True)
    for station in stations:
        copy = bytearray(template)
        for offset in range(0, len(copy), 512):
            copy[offset + 8:offset + 13] = station.ljust(5).encode()
        folder = archive / "2025" / "HV" / station / "HHZ.D"
        folder.mkdir(parents=True)
        (folder / f"HV.{station}..HHZ.D.2025.308").write_bytes(bytes(copy))
    (archive / "complete").write_text("")
config = work / f"stations-{channels}.json"
config.write_text(json.dumps({
    "volcanoes": [], "include": [{"volcano": "kilauea", "channel": f"HV.{s}..HHZ", "sample_rate": 100} for s in stations]}))
data = work / "scale"
shutil.rmtree(data, ignore_errors=True)
first = min(start for _, start, _ in records(sample / "2025/HV/UWE"))
last = max(end for _, _, end in records(sample / "2025/HV/UWE"))
hours = (last - first) / 3.6e12
server, facts = start_server(archive, "2025-11-04T21:58:00Z", speed)
live = start_live(facts["port"], data, config)
began = time.time()
stored = wait_for(data, channels, (last - first) / 1e9 / speed + 120)
# Let the replay run to its end (the feed keeps coming after the window closes).
time.sleep(max(0, (last - first) / 1e9 / speed - (time.time() - began)) + 2)
cpu, rss = cpu_seconds(live.pid), peak_rss_kib(live.pid)
status = stop(live)
server.terminate()
print(json.dumps({
    "benchmark": "scale", "channels": channels, "speed": speed, "data_hours_per_channel": round(hours, 3),
    "windows_stored": stored, "exit": status, "cpu_s": round(cpu, 2),
    "cpu_ms_per_channel_hour": round(cpu * 1000 / (channels * hours), 2), "peak_rss_mib": round(rss / 1024, 1),
}), flush=True)
