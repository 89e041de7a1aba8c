"""A minimal FDSN dataselect server over an SDS archive, for the tick benchmark.

    fdsn_server.py SDS_DIR PORT

Answers POST and GET /fdsnws/dataselect/1/query with the archive's records that overlap each
requested window (whole records, as real servers send them), 204 when none do. Loopback
only; a thread per connection; no faults (the Swift tests have a fault-injecting server).
With DELAY_SECONDS set, each dataselect answer waits that long first (a distant service's
latency: the /data miss benchmark, run-data-miss.sh).
"""
import os
import time
import struct
import sys
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(sys.argv[1])
PORT = int(sys.argv[2])
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
DELAY = float(os.environ.get("DELAY_SECONDS", "0"))


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=timezone.utc)


def records(data):
    """(offset, length, net, sta, loc, cha, start, end) for each record (big-endian headers)."""
    offset = 0
    while offset + 48 <= len(data):
        h = data[offset:offset + 48]
        sta, loc, cha, net = (h[8:13].decode().strip(), h[13:15].decode().strip(), h[15:18].decode().strip(),
                              h[18:20].decode().strip())
        year, doy, hour, minute, sec, _, frac = struct.unpack(">HHBBBBH", h[20:30])
        nsamp, factor, mult = struct.unpack(">Hhh", h[30:36])
        rate = (factor if factor > 0 else -1 / factor) * (mult if mult > 0 else -1 / mult) if factor and mult else 0
        start = datetime(year, 1, 1, hour, minute, sec, tzinfo=timezone.utc) + timedelta(days=doy - 1, microseconds=frac * 100)
        blockette = struct.unpack(">H", h[46:48])[0]
        length = 512
        while blockette and blockette + 8 <= len(data) - offset:
            kind, nxt = struct.unpack(">HH", data[offset + blockette:offset + blockette + 4])
            if kind == 1000:
                length = 1 << data[offset + blockette + 6]
                break
            blockette = nxt
        end = start + timedelta(seconds=nsamp / rate) if rate else start
        yield offset, length, net, sta, loc, cha, start, end
        offset += length


def select(lines):
    out = bytearray()
    for line in lines:
        parts = line.split()
        if len(parts) != 6 or "=" in line:
            continue
        net, sta, loc, cha, ws, we = parts
        loc = "" if loc == "--" else loc
        ws, we = parse_time(ws), parse_time(we)
        day = (ws - timedelta(hours=1)).date()
        while day <= we.date():
            path = ROOT / f"{day.year}" / net / sta / f"{cha}.D" / f"{net}.{sta}.{loc}.{cha}.D.{day.year}.{day.timetuple().tm_yday:03d}"
            day += timedelta(days=1)
            if not path.exists():
                continue
            data = path.read_bytes()
            for offset, length, *ids, start, end in records(data):
                if ids == [net, sta, loc, cha] and start < we and end > ws:
                    out += data[offset:offset + length]
    return bytes(out)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, body):
        time.sleep(DELAY)
        if not body:
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.fdsn.mseed")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        self.answer(select(self.rfile.read(length).decode().splitlines()))

    def do_GET(self):
        url = urlparse(self.path)
        if url.path.endswith("/version"):
            body = b"1.1.0"  # no delay: scripts poll it to see the server up
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        def param(*names, default=""):
            return next((q[n] for n in names if n in q), default)
        line = " ".join([param("net", "network"), param("sta", "station"), param("loc", "location", default="--") or "--",
                         param("cha", "channel"), param("starttime", "start"), param("endtime", "end")])
        self.answer(select([line]))


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
