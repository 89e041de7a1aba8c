"""The player's second step in a real browser (headless Chromium) against a real `seisapi`:
the spectrogram against SciPy, two channels against each channel's own computation, a view's
link (URL round trip, back/forward), the WAV against the processed samples, a skipped missing
span, the defaults a first visitor gets, and an interpolated gap drawn where it is.

    .venv/bin/python -m unittest discover -s Tests/BrowserTests -v     (after `swift build`)

The store holds the README's first tick (15 channels, 2025-11-04 22:00-22:10) and one
generated hour of HV.UWE..HHZ (2025-11-04 23:00-24:00, from the archive of make_archive.py,
which covers 2025-11-03 00:00 to 2025-11-05 00:00). Screenshots are written to
$PLAYER_SCREENSHOTS (default: the test's temporary folder).
"""
import base64
import io
import os
import subprocess
import tempfile
import time
import unittest
import urllib.request
import json
from pathlib import Path

import numpy as np
from scipy import signal
from scipy.io import wavfile

import harness

UWE = {"network": "HV", "volcano": "kilauea", "station": "UWE", "location": "", "channel": "HHZ"}
STORED = {"start": "2025-11-04T22:00:00Z", "end": "2025-11-04T22:10:00Z"}


def query(channel, start, end):
    return (f"network={channel['network']}&volcano={channel['volcano']}&station={channel['station']}"
            f"&location={channel['location']}&channel={channel['channel']}&start={start}&end={end}")


class PlayerViewsInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="seiscache-browser-views-")
        root = Path(cls.folder.name)
        cls.shots = Path(os.environ.get("PLAYER_SCREENSHOTS") or root)
        cls.shots.mkdir(parents=True, exist_ok=True)
        cls.data = root / "data"
        archive = root / "archive"
        subprocess.run([str(harness.PYTHON), str(Path(__file__).with_name("make_archive.py")), str(archive)],
                       check=True, capture_output=True)
        tick = subprocess.run(
            [harness.product("seiscron"), "run", "--at", "2025-11-04T22:12:00Z", "--source",
             f"sds:{harness.REPOSITORY / 'Samples' / 'sds'}", "--data-dir", str(cls.data)],
            capture_output=True, text=True, env={"RETRY_WINDOW_SECONDS": "0", "PATH": "/usr/bin:/bin"})
        assert tick.returncode == 0, tick.stderr
        cls.server = harness.Server(cls.data, f"sds:{archive}")
        # The freshest data: one generated hour of UWE after the tick's 10 minutes.
        harness.data_manifest(cls.server.url, query(UWE, "2025-11-04T23:00:00Z", "2025-11-05T00:00:00Z"))
        with urllib.request.urlopen(cls.server.url + "/api/stations", timeout=30) as response:
            cls.catalog = json.loads(response.read())
        cls.driver = harness.browser()
        cls.driver.set_window_size(1280, 1500)  # the screenshots show the pictures and the status line

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        cls.folder.cleanup()

    def open_page(self, path="/"):
        self.driver.get(self.server.url + path)
        harness.call(self.driver, """
            while (!window.seiscachePlayer || document.querySelectorAll('#channel option').length === 0)
                await new Promise((r) => setTimeout(r, 20));""")

    def screenshot(self, name):
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def expected(self, channel, start, end, loudness="seed"):
        manifest = harness.data_manifest(self.server.url, query(channel, start, end))
        y = harness.expected_samples(self.server.url, manifest, start, end)
        if loudness == "centered":
            norm = manifest["normalization"]
            seed = max(abs(norm["global_min"]), abs(norm["global_max"]))
            centered = (norm["global_max"] - norm["global_min"]) / 2
            y = np.clip(y.astype(np.float64) * seed / centered, -1, 1).astype(np.float32)
        return y, manifest

    def wait_analyzed(self, channel=0):
        return harness.call(self.driver, """
            for (let i = 0; i < 1500; i++) {
                const s = window.seiscachePlayer.stats(args[0]);
                if (s.totalSamples && s.analyzed >= s.totalSamples) return s;
                await new Promise((r) => setTimeout(r, 20));
            }
            return window.seiscachePlayer.stats(args[0]);""", channel)

    def tap(self, count, channel=0):
        return np.array(harness.call(self.driver, "return window.seiscachePlayer.tap(args[0], args[1]);", count, channel),
                        dtype=np.float64)

    def test_1_spectrogram_is_scipys_of_the_played_samples(self):
        self.open_page()
        result = harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", dict(UWE, **STORED))
        self.assertLess(result["timeToFirstAudioMs"], 10_000)
        self.wait_analyzed()
        s = harness.call(self.driver, "return window.seiscachePlayer.spectrogram(0);")
        y, _ = self.expected(UWE, STORED["start"], STORED["end"])
        played = self.tap(len(y))
        np.testing.assert_allclose(played, y, rtol=0, atol=1e-5)
        self.assertEqual((s["window"], s["fs"], s["nperseg"], s["noverlap"]), ("hann", 100, 512, 256))
        f, t, power = signal.spectrogram(played.astype(np.float32).astype(np.float64), fs=s["fs"], window="hann",
                                         nperseg=s["nperseg"], noverlap=s["noverlap"], detrend=False,
                                         scaling="density", mode="psd")
        got = np.array(s["power"])
        self.assertEqual(got.shape, power.shape)
        np.testing.assert_allclose(s["frequencies"], f, rtol=1e-12)
        np.testing.assert_allclose(s["times"], t, rtol=1e-12)
        np.testing.assert_allclose(got, power, rtol=1e-4, atol=power.max() * 1e-7)
        time.sleep(0.3)
        self.screenshot("spectrogram")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_2_two_channels_play_together_each_processed_on_its_own(self):
        others = [s for s in self.catalog["stations"]
                  if s["volcano"] == "kilauea" and s["cached"] and s["id"] != "HV.UWE..HHZ"]
        self.assertTrue(others, "the tick stores other Kilauea channels")
        other = others[0]
        second = {k: other[k] for k in ("network", "volcano", "station", "location", "channel")}
        self.open_page()
        result = harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);",
                              dict(STORED, channels=[UWE, second]))
        self.assertIsNotNone(result["timeToFirstAudioMs"])
        for i, channel in enumerate([UWE, second]):
            y, _ = self.expected(channel, STORED["start"], STORED["end"])
            tap = self.tap(len(y), i)
            self.assertEqual(len(tap), len(y), channel)
            np.testing.assert_allclose(tap, y, rtol=0, atol=1e-5, err_msg=str(channel))
        stats = harness.call(self.driver, "return window.seiscachePlayer.stats(1);")
        self.assertEqual(stats["channel"], 1)
        self.assertEqual(len(stats["channels"]), 2)
        self.assertIn(f"ch=kilauea:HV.UWE..HHZ,kilauea:{other['id']}", self.driver.current_url)
        self.wait_analyzed(1)
        time.sleep(0.3)
        self.screenshot("two-channels")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_3_a_link_restores_the_view_and_back_forward_move_between_views(self):
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);",
                     dict(UWE, **STORED, speed=2, loudness="centered"))
        first = self.driver.current_url
        for part in ("v=kilauea", "ch=kilauea:HV.UWE..HHZ", "mode=from", "start=2025-11-04T22:00:00Z", "dur=10m",
                     "speed=2", "loud=centered"):
            self.assertIn(part, first)
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);",
                     dict(UWE, start="2025-11-04T23:00:00Z", end="2025-11-04T23:30:00Z"))
        second = self.driver.current_url
        self.assertIn("start=2025-11-04T23:00:00Z", second)
        self.driver.back()
        harness.call(self.driver, "await new Promise((r) => setTimeout(r, 200));")
        self.assertEqual(self.driver.current_url, first)
        form = lambda: harness.call(self.driver, """
            const v = (id) => document.getElementById(id).value;
            return [v('volcano'), v('channel'), v('start'), v('duration'), v('speed'), v('loudness')];""")
        self.assertEqual(form(), ["kilauea", "HV.UWE..HHZ", "2025-11-04T22:00", "10m", "2", "centered"])
        self.driver.forward()
        harness.call(self.driver, "await new Promise((r) => setTimeout(r, 200));")
        self.assertEqual(form()[2], "2025-11-04T23:00")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        # Opening the link in a fresh page restores the form; Play (no argument) plays that range.
        self.driver.get(first)
        harness.call(self.driver, "while (!window.seiscachePlayer) await new Promise((r) => setTimeout(r, 20));")
        harness.call(self.driver, """
            while (document.getElementById('start').value !== '2025-11-04T22:00') await new Promise((r) => setTimeout(r, 20));""")
        self.assertEqual(form(), ["kilauea", "HV.UWE..HHZ", "2025-11-04T22:00", "10m", "2", "centered"])
        harness.call(self.driver, "return window.seiscachePlayer.play();")
        stats = harness.call(self.driver, "return window.seiscachePlayer.stats();")
        self.assertEqual((stats["start"], stats["end"], stats["speed"]), ("2025-11-04T22:00:00Z", "2025-11-04T22:10:00Z", 2))
        self.assertEqual(self.driver.current_url, first)
        # The link's loudness played: the samples are the contract's with the centered divisor.
        y, _ = self.expected(UWE, STORED["start"], STORED["end"], loudness="centered")
        np.testing.assert_allclose(self.tap(len(y)), y, rtol=0, atol=1e-5)
        seed, _ = self.expected(UWE, STORED["start"], STORED["end"])
        self.assertGreater(np.abs(y).max(), 2 * np.abs(seed).max(), "louder than the seed's rule on an offset channel")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_4_the_wav_holds_exactly_the_audified_frames(self):
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", dict(UWE, **STORED))
        encoded = harness.call(self.driver, """
            const bytes = new Uint8Array(await window.seiscachePlayer.wav());
            let text = '';
            for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
            return [btoa(text), window.seiscachePlayer.stats().audioRate];""")
        rate, frames = wavfile.read(io.BytesIO(base64.b64decode(encoded[0])))
        self.assertEqual(rate, encoded[1])
        self.assertEqual(frames.dtype, np.float32)
        self.assertEqual(frames.ndim, 1, "one played channel: one WAV channel")
        y, _ = self.expected(UWE, STORED["start"], STORED["end"])
        self.assertEqual(len(frames), len(y))
        np.testing.assert_allclose(frames, y, rtol=0, atol=1e-5)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_5_a_missing_span_says_why_and_can_be_skipped(self):
        # 23:50-00:10 across the archive's start: the first 10 minutes exist nowhere.
        request = dict(UWE, start="2025-11-02T23:50:00Z", end="2025-11-03T00:10:00Z")
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", request)
        self.wait_analyzed()
        stats = harness.call(self.driver, "return window.seiscachePlayer.stats();")
        first = 1762127400 * 100  # 2025-11-02T23:50:00Z on the 100 Hz grid
        self.assertEqual([(r["from"], r["to"], r["reason"]) for r in stats["missingReasons"]],
                         [(first, first + 60000, "no data at the source")])
        silence = self.tap(60000)
        self.assertTrue(np.all(silence == 0), "not skipped: silence")
        status = self.driver.find_element("id", "status").text
        self.assertIn("no data at the source", status)
        time.sleep(0.3)
        self.screenshot("missing")
        y, _ = self.expected(UWE, "2025-11-03T00:00:00Z", "2025-11-03T00:10:00Z")
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", dict(request, skipMissing=True))
        played = self.tap(len(y) + 1000)
        self.assertEqual(len(played), len(y), "the missing 10 minutes are skipped")
        np.testing.assert_allclose(played, y, rtol=0, atol=1e-5)
        self.assertIn("skip=1", self.driver.current_url)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_6_a_first_visitor_gets_the_freshest_channel_a_few_seconds_and_the_real_source(self):
        self.open_page()
        form = harness.call(self.driver, """
            const v = (id) => document.getElementById(id);
            return [v('volcano').value, v('volcano').selectedOptions[0].text, v('channel').value, v('start').value,
                    v('duration').value, document.getElementById('source-label').textContent,
                    document.getElementById('hint').textContent, v('empty-cache').hidden];""")
        volcano, label, channel, start, duration, source, hint, empty_hidden = form
        self.assertEqual((volcano, channel), ("kilauea", "HV.UWE..HHZ"), "the freshest data, not the first region")
        self.assertTrue(label.startswith("Kīlauea"), label)
        self.assertEqual((start, duration), ("2025-11-04T23:00", "1h"), "the newest stored hour: a hit that plays 7.5 s")
        self.assertIn("SDS archive", source)
        self.assertRegex(hint, r"≈ (7\.5|8\.2) s", "an hour of 100 Hz data plays 7.5 s at 48 kHz (8.2 s at 44.1 kHz)")
        self.assertTrue(empty_hidden)
        self.driver.find_element("id", "play").click()
        stats = harness.call(self.driver, """
            for (let i = 0; i < 500 && !window.seiscachePlayer.stats().timeToFirstAudioMs; i++)
                await new Promise((r) => setTimeout(r, 20));
            return window.seiscachePlayer.stats();""")
        self.assertEqual(stats["cache"], "hit")
        self.wait_analyzed()
        time.sleep(0.3)
        self.screenshot("defaults-playing")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        # An empty store: a line says what to do.
        with tempfile.TemporaryDirectory() as empty:
            bare = harness.Server(Path(empty), "sds:/nonexistent")
            try:
                self.driver.get(bare.url + "/")
                text = harness.call(self.driver, """
                    const e = document.getElementById('empty-cache');
                    while (e.hidden) await new Promise((r) => setTimeout(r, 20));
                    return e.textContent;""")
                self.assertIn("Nothing is cached yet", text)
                self.screenshot("empty-cache")
            finally:
                bare.stop()
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_7_each_interpolated_gap_is_drawn_where_it_is(self):
        # make_archive.py's gap: the last sample before it 01:29:59.99, the first after 01:30:04.00.
        manifest = harness.data_manifest(self.server.url, query(UWE, "2025-11-03T01:00:00Z", "2025-11-03T02:00:00Z"))
        gaps = [g for c in manifest["chunks"] for g in c.get("gaps", [])]
        self.assertEqual([(g["start"], g["end"], g["samples"]) for g in gaps],
                         [("2025-11-03T01:29:59.990000Z", "2025-11-03T01:30:04.000000Z", 400)])
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);",
                     dict(UWE, start="2025-11-03T01:25:00Z", end="2025-11-03T01:35:00Z"))
        self.wait_analyzed()
        time.sleep(0.3)
        # The marks band's colour across the plot (1 px below its top): the gap's columns only are
        # the gap colour, the rest of the chunk the chunk colour.
        band = harness.call(self.driver, """
            const canvas = document.querySelector('canvas.overview');
            const dpr = window.devicePixelRatio || 1;
            const row = canvas.getContext('2d').getImageData(0, Math.round(4 * dpr), canvas.width, 1).data;
            const css = getComputedStyle(canvas);
            const rgb = (name) => { const h = css.getPropertyValue(name).trim().slice(1);
                                    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)); };
            const gap = rgb('--mark-gap');
            const columns = [];
            for (let x = 0; x < canvas.width; x++)
                if ([0, 1, 2].every((k) => Math.abs(row[4 * x + k] - gap[k]) <= 2)) columns.push(x);
            return {width: canvas.width, columns};""")
        width, columns = band["width"], band["columns"]
        # 01:30:00.00 .. 01:30:04.00 of 01:25 .. 01:35: columns 300/600 .. 304/600 of the width (>= 2 px).
        self.assertTrue(columns, "no column has the gap colour")
        self.assertAlmostEqual(columns[0], 300 / 600 * width, delta=2)
        self.assertAlmostEqual(columns[-1] + 1, max(304 / 600 * width, columns[0] + 2), delta=2)
        self.assertEqual(columns, list(range(columns[0], columns[-1] + 1)), "one band, where the gap is")
        self.screenshot("gap")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])


if __name__ == "__main__":
    unittest.main()
