"""Listeners of seisapi's /live for Benchmarks/run-live-listeners.sh.

Opens LISTENERS WebSockets spread evenly over the channels given, reads every message for
SECONDS, and reports the added delay of the live frames: the time from the moment the SeedLink
test server released the record (its last sample time passed on the server's replay clock, as
`seedlink-test-server --replay-from` prints) to the frame's arrival here. Frames of the
backlog (the first `backlog_records` of each socket) and records released before every
listener was connected are not counted. Prints one JSON object.

usage: live_listeners.py URL LISTENERS SECONDS SPEED SERVER_JSON CHANNEL...
  URL          ws://127.0.0.1:PORT/live
  SPEED        the test server's --speed
  SERVER_JSON  the test server's line: {"port", "records", "started_at_ns", "replay_from"}
  CHANNEL      NET.STA.LOC.CHA=volcano
"""

import asyncio
import json
import math
import struct
import sys
import time
from datetime import datetime, timezone

import websockets
from websockets.asyncio.client import connect


def nanoseconds(iso):
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(timezone.utc)
    return int(moment.timestamp()) * 1_000_000_000 + moment.microsecond * 1000


async def listen(url, channel, volcano, stop, opening, ready, results):
    net, sta, loc, cha = channel.split(".")
    query = f"network={net}&volcano={volcano}&station={sta}&location={loc}&channel={cha}"
    async with opening:  # at most so many handshakes at once
        ws = await connect(f"{url}?{query}", max_size=1 << 20, open_timeout=60, ping_interval=None)
        hello = json.loads(await ws.recv())
    async with ws:
        rate = hello["sample_rate"]
        backlog = hello["backlog_records"]
        ready()
        seen = 0
        while True:
            try:
                message = await asyncio.wait_for(ws.recv(), timeout=max(0.01, stop - time.time()))
            except (asyncio.TimeoutError, websockets.ConnectionClosed):
                return
            arrived = time.time_ns()
            seen += 1
            if seen <= backlog:
                continue
            start, count = struct.unpack_from("<qI", message, 0)
            if len(message) != 12 + 4 * count:
                results["malformed"] += 1
                continue
            # ObsPy's endtime: the last sample's time.
            last_sample = start + round((count - 1) / rate * 1e9)
            results["frames"].append((last_sample, arrived))


async def main():
    url, listeners, seconds, speed = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
    server_json = sys.argv[5]
    channels = [argument.split("=") for argument in sys.argv[6:]]
    server = json.loads(server_json)
    started, replay_from = server["started_at_ns"], nanoseconds(server["replay_from"])
    results = {"frames": [], "malformed": 0}
    connected = 0
    all_connected = asyncio.Event()

    def ready():
        nonlocal connected
        connected += 1
        if connected == listeners:
            all_connected.set()

    stop = time.time() + seconds
    opening = asyncio.Semaphore(50)

    async def one(index):
        channel, volcano = channels[index % len(channels)]
        await listen(url, channel, volcano, stop, opening, ready, results)

    tasks = [asyncio.create_task(one(i)) for i in range(listeners)]
    await asyncio.wait_for(all_connected.wait(), timeout=seconds)
    all_in = time.time_ns()
    outcome = await asyncio.gather(*tasks, return_exceptions=True)
    failures = [repr(o) for o in outcome if isinstance(o, BaseException)]
    delays = []
    for last_sample, arrived in results["frames"]:
        released = started + max(0, math.ceil((last_sample - replay_from) / speed))
        if released < all_in:
            continue
        delays.append((arrived - released) / 1e6)
    delays.sort()

    def quantile(q):
        return round(delays[min(len(delays) - 1, int(q * len(delays)))], 1) if delays else None

    print(json.dumps({
        "listeners": listeners, "connected": connected, "failures": len(failures), "failure_sample": failures[:3],
        "frames_counted": len(delays), "malformed": results["malformed"],
        "delay_ms": {"p50": quantile(0.50), "p99": quantile(0.99), "max": round(delays[-1], 1) if delays else None},
        "connect_seconds": round((all_in / 1e9) - (stop - seconds), 1),
    }))


asyncio.run(main())
