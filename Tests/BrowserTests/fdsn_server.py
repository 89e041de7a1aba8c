#!/usr/bin/env python3
"""A minimal FDSN dataselect service over an SDS archive, for the player's benchmark.

    .venv/bin/python Tests/BrowserTests/fdsn_server.py SDS_DIR PORT

Answers `POST /fdsnws/dataselect/1/query` (bulk lines `NET STA LOC CHA START END`) and
`GET …/query?net=&sta=&loc=&cha=&starttime=&endtime=` with the records ObsPy's SDS client
reads for them (STEIM2, 512-byte records), 204 when there are none; the station service
answers 204 (no station facts). Loopback only; stops on SIGTERM.
"""
import io
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from obspy import Stream, UTCDateTime
from obspy.clients.filesystem.sds import Client

sds = Client(sys.argv[1])
port = int(sys.argv[2])


def select(lines):
    stream = Stream()
    for net, sta, loc, cha, start, end in lines:
        loc = "" if loc == "--" else loc
        stream += sds.get_waveforms(net, sta, loc, cha, UTCDateTime(start), UTCDateTime(end))
    return stream


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, stream):
        if not len(stream):
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        buffer = io.BytesIO()
        stream.write(buffer, format="MSEED", encoding="STEIM2", reclen=512)
        body = buffer.getvalue()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.fdsn.mseed")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        lines = [line.split() for line in body.splitlines() if line.strip() and "=" not in line]
        self.answer(select([line for line in lines if len(line) == 6]))

    def do_GET(self):
        url = urlparse(self.path)
        if not url.path.endswith("/dataselect/1/query"):
            self.answer(Stream())
            return
        q = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        self.answer(select([(q.get("net"), q.get("sta"), q.get("loc", "--"), q.get("cha"),
                             q.get("starttime"), q.get("endtime"))]))


ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
