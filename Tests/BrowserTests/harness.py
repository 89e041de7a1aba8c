"""Shared by the player's browser tests and benchmark: a real `seisapi` on a temporary store,
headless Chromium (Debian's chromium + chromium-driver) driven by Selenium, and the reference
computation of what the player must send to its AudioWorklet (zstandard + SciPy)."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np
import zstandard
from scipy import signal

REPOSITORY = Path(__file__).resolve().parents[2]
PYTHON = REPOSITORY / ".venv" / "bin" / "python"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def product(name, configuration="debug"):
    path = REPOSITORY / ".build" / configuration / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: run `swift build` (or `swift build -c {configuration}`) first")
    return str(path)


class Server:
    """`seisapi serve` on a free loopback port over `data_dir`, generating misses from `source`
    (`arguments`: more flags, e.g. `--live seedlink:HOST:PORT`)."""

    def __init__(self, data_dir, source, configuration="debug", environment=None, arguments=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("R2_", "S3_"))}
        env.update({"LOG_LEVEL": "warning", "IRIS_DELAY_MINUTES": "2"})
        env.update(environment or {})
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [product("seisapi", configuration), "serve", "--host", "127.0.0.1", "--port", str(self.port),
             "--data-dir", str(data_dir), "--source", source, *arguments],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=1) as response:
                    if response.status == 200:
                        return
            except urllib.error.HTTPError as error:
                error.close()  # a 503 while starting: its open response would be left to the GC
                time.sleep(0.05)
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("seisapi did not answer /health within 30 s: " + self.output())

    def output(self):
        if self.log.closed:
            return self.final_output
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        # Keep the log's text and close it (an open file left to the GC is a ResourceWarning).
        self.final_output = self.output()
        self.log.close()


def browser():
    """Headless Chromium with autoplay allowed and the console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--autoplay-policy=no-user-gesture-required",
                     "--window-size=1280,900", "--disable-dev-shm-usage"]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"))
    driver.set_script_timeout(120)
    return driver


def call(driver, script, *arguments):
    """Runs `script` (which gets `arguments` and must return a promise) and returns its value;
    a rejection becomes an exception with the page's message."""
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.resolve().then(() => (async (...args) => {" + script + "})(...Array.from(arguments).slice(0, -1)))"
        ".then((value) => done({ok: value}), (error) => done({error: String(error && error.stack || error)}));",
        *arguments)
    if "error" in result:
        raise AssertionError("the page failed: " + result["error"])
    return result["ok"]


def severe_console_messages(driver):
    return [entry for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def data_manifest(server_url, query):
    """The final manifest of `/data` (hit JSON or the last NDJSON line)."""
    with urllib.request.urlopen(f"{server_url}/data?{query}", timeout=120) as response:
        body = response.read().decode()
    if response.headers["Content-Type"].startswith("application/json"):
        return json.loads(body)
    last = json.loads(body.strip().splitlines()[-1])
    assert last["event"] == "manifest", last
    return last["manifest"]


def expected_samples(server_url, manifest, start, end):
    """The processing contract, computed independently: the requested int32 samples from the
    stored chunks (fetched from the manifest's URLs, decompressed with zstandard), `sosfilt(sos, x, zi=sosfilt_zi(sos)*x[0]) / max(|min|,|max|)`
    clipped to [-1, 1], float32, with `sos = butter(2, 0.1, 'highpass', fs=rate)`."""
    from obspy import UTCDateTime

    rate = manifest["sample_rate"]
    first, last = UTCDateTime(start), UTCDateTime(end)
    pieces = []
    cursor = first
    for chunk in manifest["chunks"]:
        with urllib.request.urlopen(urllib.parse.urljoin(server_url + "/", chunk["url"]), timeout=60) as response:
            raw = zstandard.ZstdDecompressor().decompress(response.read())
        samples = np.frombuffer(raw, dtype="<i4")
        chunk_start = UTCDateTime(chunk["start"])
        assert abs(chunk_start + round((cursor - chunk_start) * rate) / rate - cursor) < 1e-9
        begin = int(round((cursor - chunk_start) * rate))
        stop = min(len(samples), int(round((last - chunk_start) * rate)))
        pieces.append(samples[begin:stop])
        cursor = chunk_start + stop / rate
    x = np.concatenate(pieces).astype(np.float64)
    sos = signal.butter(2, 0.1, "highpass", fs=rate, output="sos")
    y, _ = signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[0])
    norm = manifest["normalization"]
    y = np.clip(y / max(abs(norm["global_min"]), abs(norm["global_max"])), -1, 1)
    return y.astype(np.float32)
