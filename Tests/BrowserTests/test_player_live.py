"""The player's Live mode in a real browser (headless Chromium) against a real `seisapi serve
--live` following a real SeedLink server (`seedlink-test-server`, replaying 11:20-12:20 of
2025-11-04 of the archive of make_archive.py in real time from 12:00:00: the 40 minutes before
are its history, sent at once): a record the SeedLink server releases
shows up in the page — its facts and the picture — within a second; the first cycle's samples
are SciPy's processing of the archive's samples (the tail alone, then the cached part from
/data stitched to the tail); Loop plays the newest minutes again with the newer records.

    .venv/bin/python -m unittest discover -s Tests/BrowserTests -v     (after `swift build`)

Screenshots are written to $PLAYER_SCREENSHOTS (default: the test's temporary folder).
"""
import json
import os
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

import numpy as np
from obspy import UTCDateTime, read
from scipy import signal

import harness

UWE = {"network": "HV", "volcano": "kilauea", "station": "UWE", "location": "", "channel": "HHZ"}
REPLAY_FROM = "2025-11-04T12:00:00Z"


class LiveSeedLink:
    """`seedlink-test-server` replaying `paths` in real time from REPLAY_FROM."""

    def __init__(self, paths):
        self.process = subprocess.Popen(
            [harness.product("seedlink-test-server"), "--replay-from", REPLAY_FROM, *map(str, paths)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("seedlink-test-server did not start: " + self.process.stderr.read())
        facts = json.loads(line)
        self.port = facts["port"]
        self.started = facts["started_at_ns"] / 1e9

    def released(self, last_sample):
        """When the server sent the record whose last sample is at `last_sample` (epoch s), wall clock."""
        return self.started + (last_sample - UTCDateTime(REPLAY_FROM).timestamp)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process.stderr.close()


class PlayerLiveInABrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.TemporaryDirectory(prefix="seiscache-browser-live-")
        root = Path(cls.folder.name)
        cls.shots = Path(os.environ.get("PLAYER_SCREENSHOTS") or root)
        cls.shots.mkdir(parents=True, exist_ok=True)
        archive = root / "archive"
        subprocess.run([str(harness.PYTHON), str(Path(__file__).with_name("make_archive.py")), str(archive)],
                       check=True, capture_output=True)
        cls.day = read(str(archive / "2025" / "HV" / "UWE" / "HHZ.D" / "HV.UWE..HHZ.D.2025.308"))[0]
        # The SeedLink server's records: 40 minutes of history (seisapi keeps the newest 30 of
        # them for new listeners), then 20 minutes released in real time.
        replay = UTCDateTime(REPLAY_FROM)
        feed = root / "feed.mseed"
        cls.day.copy().trim(replay - 40 * 60, replay + 20 * 60, nearest_sample=False).write(
            str(feed), format="MSEED", encoding="STEIM2", reclen=512)
        cls.seedlink = LiveSeedLink([feed])
        cls.server = harness.Server(root / "data", f"sds:{archive}",
                                    arguments=["--live", f"seedlink:127.0.0.1:{cls.seedlink.port}"])
        cls.driver = harness.browser()
        cls.driver.set_window_size(1280, 1300)
        # seisapi takes the SeedLink server's history in a burst: wait until it holds the record
        # released at the replay time, so a listener's buffer is the newest 30 minutes.
        cls.driver.get(cls.server.url + "/")
        harness.call(cls.driver, """
            const ws = new WebSocket(args[0]);
            ws.binaryType = "arraybuffer";
            return await new Promise((resolve, reject) => {
                ws.onmessage = (e) => {
                    if (typeof e.data === "string") return;
                    const v = new DataView(e.data);
                    const end = Number(v.getBigInt64(0, true)) / 1e9 + v.getUint32(8, true) / 100;
                    if (end >= args[1]) { ws.close(); resolve(end); }
                };
                ws.onclose = () => reject(new Error("the /live socket closed"));
                setTimeout(() => reject(new Error("no record reached the replay time in 60 s")), 60000);
            });""", cls.server.url.replace("http", "ws") + "/live?network=HV&volcano=kilauea&station=UWE&location=&channel=HHZ",
                    UTCDateTime(REPLAY_FROM).timestamp - 5)

    @classmethod
    def tearDownClass(cls):
        cls.driver.quit()
        cls.server.stop()
        cls.seedlink.stop()
        cls.folder.cleanup()

    def open_page(self):
        self.driver.get(self.server.url + "/")
        harness.call(self.driver, """
            while (!window.seiscachePlayer || document.querySelectorAll('#channel option').length === 0)
                await new Promise((r) => setTimeout(r, 20));""")

    def live(self):
        return self.driver.execute_script("return window.seiscachePlayer.live(0);")

    def play_live(self, duration):
        harness.call(self.driver, "return window.seiscachePlayer.play(args[0]);", dict(UWE, duration=duration, live=True))
        for _ in range(200):
            facts = self.live()
            if facts and facts["cycle"]:
                return facts, self.driver.execute_script("return window.seiscachePlayer.stats(0);")
            time.sleep(0.02)
        self.fail("no cycle in the live facts")

    def reference(self, start, end, normalization):
        """The processing contract on the archive's samples of [start, end): SciPy's filter from
        x[0], ÷ max(|min|, |max|) of the normalization, clipped, float32."""
        tr = self.day
        first = int(round((UTCDateTime(start) - tr.stats.starttime) * 100))
        last = int(round((UTCDateTime(end) - tr.stats.starttime) * 100))
        x = tr.data[first:last].astype(np.float64)
        sos = signal.butter(2, 0.1, "highpass", fs=100, output="sos")
        y, _ = signal.sosfilt(sos, x, zi=signal.sosfilt_zi(sos) * x[0])
        divisor = max(abs(normalization["global_min"]), abs(normalization["global_max"]))
        return np.clip(y / divisor, -1, 1).astype(np.float32), x

    def tap_matches(self, facts, stats):
        cycle = facts["cycle"]
        y, x = self.reference(cycle["start"], cycle["end"], stats["normalization"])
        self.assertEqual(stats["totalSamples"], len(y))
        tap = np.array(harness.call(self.driver, "return window.seiscachePlayer.tap(args[0]);", len(y)), dtype=np.float64)
        self.assertEqual(len(tap), len(y))
        np.testing.assert_allclose(tap, y, rtol=0, atol=1e-6)
        # The normalization covers every sample played (the cached part's range merged with the tail's).
        self.assertLessEqual(stats["normalization"]["global_min"], x.min())
        self.assertGreaterEqual(stats["normalization"]["global_max"], x.max())
        return x

    def test_1_a_released_record_shows_within_a_second_and_the_cycle_plays_the_archive(self):
        self.open_page()
        facts, stats = self.play_live("10m")
        self.assertIn("mode=live", self.driver.current_url)
        self.assertEqual((facts["name"], facts["sampleRate"], facts["state"]), ("HV.UWE..HHZ", 100, "open"))
        self.assertGreater(facts["backlogRecords"], 100, "the server's buffer came first")
        self.assertGreater(UTCDateTime(facts["cycle"]["end"]), UTCDateTime(REPLAY_FROM) - 10)
        x = self.tap_matches(facts, stats)
        if stats["source"] == "live":
            # The whole window from the tail: its range is the window's own.
            self.assertEqual((stats["normalization"]["global_min"], stats["normalization"]["global_max"]), (x.min(), x.max()))

        # Records as the SeedLink server releases them: each newest sample in the page within 1 s.
        seen = {}
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(seen) < 4:
            f = self.live()
            if f and f["newestSampleTime"] not in seen:
                seen[f["newestSampleTime"]] = f
            time.sleep(0.05)
        self.assertGreaterEqual(len(seen), 4, "records kept arriving")
        delays = []
        for newest, f in list(seen.items())[1:]:  # the first may be the server's buffer
            released = self.seedlink.released(newest)
            delays.append(f["shownAt"] / 1000 - released)
        print(f"\nlive: a released record's newest sample reached the page after {', '.join(f'{d * 1000:.0f}' for d in delays)} ms")
        self.assertLess(max(delays), 1.0)
        # The picture follows: the overview's window ends at the newest sample, drawn within 1 s.
        last = list(seen.values())[-1]
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and self.live()["shownUntil"] < last["newestEnd"]:
            time.sleep(0.02)
        drawn = self.live()
        self.assertGreaterEqual(drawn["shownUntil"], last["newestEnd"])
        self.assertAlmostEqual(drawn["shownUntil"] - drawn["shownFrom"], 600, places=6)
        self.assertLess(drawn["drawnAt"] / 1000 - self.seedlink.released(last["newestSampleTime"]), 1.0)
        status = self.driver.find_element("id", "status").text
        self.assertRegex(status, r"Live: newest sample \d+ d ago \(\d\d:\d\d:\d\d UTC\)")

        # Loop (turned on after the first cycle ended): the cycles go on, each ending at the
        # newest sample when it started.
        self.assertTrue(drawn["audioEnded"])
        self.driver.find_element("id", "loop").click()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and self.live()["cycles"] < 3:
            time.sleep(0.05)
        looped = self.live()
        self.assertGreaterEqual(looped["cycles"], 3)
        self.assertGreater(UTCDateTime(looped["cycle"]["end"]), UTCDateTime(facts["cycle"]["end"]))
        time.sleep(0.3)
        shot = self.shots / "live.png"
        self.driver.save_screenshot(str(shot))
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertIsNone(self.live())
        self.assertEqual(harness.severe_console_messages(self.driver), [])

    def test_2_the_cached_part_and_the_tail_are_stitched_exactly(self):
        # 1 hour: longer than the server keeps (30 minutes), so /data supplies the older part.
        self.open_page()
        facts, stats = self.play_live("1h")
        self.assertIn(stats["source"], ("hit", "miss"), "the older part came from /data")
        self.assertGreater(stats["chunksNeeded"], 1)
        self.tap_matches(facts, stats)
        self.assertEqual(stats["missing"], [], "no hole between the cache and the tail")
        self.driver.save_screenshot(str(self.shots / "live-stitched.png"))
        harness.call(self.driver, "return window.seiscachePlayer.stop();")
        self.assertEqual(harness.severe_console_messages(self.driver), [])


if __name__ == "__main__":
    unittest.main()
