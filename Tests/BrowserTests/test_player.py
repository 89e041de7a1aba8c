"""The web player in a real browser (headless Chromium) against a real `seisapi`.

    .venv/bin/python -m unittest discover -s Tests/BrowserTests -v     (after `swift build`)

The store holds the README's first tick (15 channels, 2025-11-04 22:00-22:10); misses are
generated from the archive of make_archive.py (HV.UWE..HHZ, 2025-11-03 00:00 to 2025-11-05
00:00). What the page sends to its AudioWorklet is compared with an independent computation
(zstandard + SciPy) of the processing contract (Docs/player.md).
"""
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import numpy as np

import harness

UWE = {"network": "HV", "volcano": "kilauea", "station": "UWE", "location": "", "channel": "HHZ"}


class PlayerInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="seiscache-browser-")
        root = Path(cls.folder.name)
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
        cls.driver = harness.browser()

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        cls.folder.cleanup()

    def open_page(self):
        self.driver.get(self.server.url + "/")
        harness.call(self.driver, "while (!window.seiscachePlayer) await new Promise((r) => setTimeout(r, 20));")

    def play(self, request, **extra):
        return harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", dict(UWE, **request, **extra))

    def tap(self, count):
        return np.array(harness.call(self.driver, "return window.seiscachePlayer.tap(args[0]);", count),
                        dtype=np.float64)

    def test_1_the_page_loads_with_no_console_error(self):
        self.open_page()
        volcanoes = harness.call(self.driver, """
            while (document.querySelectorAll('#channel option').length === 0) await new Promise((r) => setTimeout(r, 20));
            return Array.from(document.querySelectorAll('#volcano option')).map((o) => o.value);""")
        self.assertEqual(sorted(volcanoes), ["greatsitkin", "kilauea", "maunaloa", "shishaldin", "spurr"])
        # A person picks Kilauea: its closest channel, UWE, with the stored 10 minutes.
        channels = harness.call(self.driver, """
            const select = document.getElementById('volcano');
            select.value = 'kilauea';
            select.dispatchEvent(new Event('change', {bubbles: true}));
            await new Promise((r) => setTimeout(r, 50));
            return Array.from(document.querySelectorAll('#channel option')).map((o) => o.textContent);""")
        self.assertTrue(any("UWE" in text and "cached" in text for text in channels), channels)
        self.driver.save_screenshot(str(Path(self.folder.name) / "page.png"))
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_1b_a_person_picks_kilauea_presses_play_and_hears_the_stored_data(self):
        self.open_page()
        harness.call(self.driver, """
            while (document.querySelectorAll('#channel option').length === 0) await new Promise((r) => setTimeout(r, 20));
            const select = document.getElementById('volcano');
            select.value = 'kilauea';
            select.dispatchEvent(new Event('change', {bubbles: true}));""")
        # The defaults choose the newest stored stretch: 2025-11-04 22:00, 10 minutes.
        self.assertEqual(self.driver.find_element("id", "start").get_attribute("value"), "2025-11-04T22:00")
        self.assertEqual(self.driver.find_element("id", "duration").get_attribute("value"), "10m")
        self.driver.find_element("id", "play").click()
        stats = harness.call(self.driver, """
            for (let i = 0; i < 500 && !window.seiscachePlayer.stats().timeToFirstAudioMs; i++)
                await new Promise((r) => setTimeout(r, 20));
            return window.seiscachePlayer.stats();""")
        self.assertEqual(stats.get("cache"), "hit", stats)
        self.assertIsNotNone(stats.get("timeToFirstAudioMs"), stats)
        self.assertEqual(stats.get("missing"), [], stats)
        self.driver.save_screenshot(str(Path(self.folder.name) / "playing.png"))
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_2_a_stored_range_plays_the_contract(self):
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.player.clearCache();")
        request = {"start": "2025-11-04T22:00:00Z", "end": "2025-11-04T22:10:00Z"}
        result = self.play(request)
        self.assertGreaterEqual(result["chunksFetched"], 1)
        self.assertLess(result["timeToFirstAudioMs"], 10_000)
        manifest = harness.data_manifest(self.server.url, "network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ"
                                         "&start=2025-11-04T22:00:00Z&end=2025-11-04T22:10:00Z")
        expected = harness.expected_samples(self.server.url, manifest, request["start"], request["end"])
        played = self.tap(len(expected))
        self.assertEqual(len(played), len(expected))
        np.testing.assert_allclose(played, expected, rtol=0, atol=1e-5)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_3_a_miss_streams_starts_before_generation_ends_and_stores_its_chunks(self):
        self.open_page()
        request = {"start": "2025-11-03T00:00:00Z", "end": "2025-11-03T06:00:00Z"}
        result = self.play(request)
        stats = harness.call(self.driver, "return window.seiscachePlayer.stats();")
        self.assertEqual(stats.get("cache"), "miss", stats)
        generation_ms = harness.call(self.driver, """
            const started = performance.now();
            while (!window.seiscachePlayer.stats().manifestReceivedMs) await new Promise((r) => setTimeout(r, 20));
            return window.seiscachePlayer.stats().manifestReceivedMs;""")
        self.assertLess(result["timeToFirstAudioMs"], generation_ms,
                        "audio should start before the final manifest line arrives")
        # The local store spells the empty location segment `--` (Docs/data-format.md).
        stored = sorted(p.name for p in (self.data / "data/2025/11/HV/kilauea/UWE/--/HHZ").glob("*2025-11-03-*.bin.zst"))
        self.assertEqual(len(stored), 6, stored)  # 1 h chunks for the first 6 hours (001's priority order)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_4_a_stored_range_stitches_chunks_exactly_then_replays_from_indexeddb(self):
        self.open_page()
        harness.call(self.driver, "return window.seiscachePlayer.player.clearCache();")
        request = {"start": "2025-11-03T00:30:00Z", "end": "2025-11-03T02:30:00Z"}
        first = self.play(request)
        self.assertEqual(first["chunksFromCache"], 0, first)
        self.assertEqual(first["chunksFetched"], 3, first)
        manifest = harness.data_manifest(self.server.url, "network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ"
                                         "&start=2025-11-03T00:30:00Z&end=2025-11-03T02:30:00Z")
        expected = harness.expected_samples(self.server.url, manifest, request["start"], request["end"])
        # 30 minutes into the first chunk, across the 01:00 join and 30 s beyond.
        count = 30 * 60 * 100 + 3000
        np.testing.assert_allclose(self.tap(count), expected[:count], rtol=0, atol=1e-5)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        # The repeat, after a reload: every chunk comes from IndexedDB.
        self.open_page()
        again = self.play(request)
        self.assertEqual(again["chunksFetched"], 0, again)
        self.assertEqual(again["chunksFromCache"], 3, again)
        np.testing.assert_allclose(self.tap(count), expected[:count], rtol=0, atol=1e-5)
        # Played without a request; then one /data revalidates the remembered manifest: the
        # server's chunks and versions are unchanged.
        self.assertTrue(all(c.get("version") for c in manifest["chunks"]), manifest)
        revalidation = None
        for _ in range(200):
            revalidation = harness.call(self.driver, "return (await window.seiscachePlayer.stats()).revalidation;")
            if revalidation:
                break
            time.sleep(0.05)
        self.assertEqual(revalidation, "current")
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        # A range starting where a mirrored chunk starts plays from the chunk's head (its first
        # 65 536 samples) while the rest is read: exactly the same samples, across the head's end.
        request = {"start": "2025-11-03T01:00:00Z", "end": "2025-11-03T02:30:00Z"}
        from_head = self.play(request)
        self.assertEqual(from_head["chunksFetched"], 0, from_head)
        timings = harness.call(self.driver, "return (await window.seiscachePlayer.player.stats()).timings;")
        self.assertIn("firstHeadMs", timings)
        manifest = harness.data_manifest(self.server.url, "network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ"
                                         "&start=2025-11-03T01:00:00Z&end=2025-11-03T02:30:00Z")
        expected = harness.expected_samples(self.server.url, manifest, request["start"], request["end"])
        count = 65536 + 3000
        np.testing.assert_allclose(self.tap(count), expected[:count], rtol=0, atol=1e-5)
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])


if __name__ == "__main__":
    unittest.main()
