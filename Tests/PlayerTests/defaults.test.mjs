// A first visitor's defaults (Sources/seisapi/Player/defaults.js).
import test from "node:test";
import assert from "node:assert/strict";
import { freshestStation, defaultDuration, sourceWords, DEFAULT_AUDIO_SECONDS } from "../../Sources/seisapi/Player/defaults.js";
import { durationSeconds } from "../../Sources/seisapi/Player/planner.js";

const OPTIONS = ["10m", "30m", "1h", "3h", "6h", "12h", "24h", "3d", "7d"];
const station = (id, latestEnd, runStart, chunks = 1, rate = 100) => ({
    id, sample_rate: rate, cached: latestEnd ? { latest_end: latestEnd, newest_run_start: runStart, chunks } : null,
});

test("the freshest cached channel wins (not the alphabetically first volcano); nothing cached: null", () => {
    const catalog = {
        stations: [
            station("AV.GSTD..BHZ", "2025-11-04T20:00:00Z", "2025-11-04T19:00:00Z", 50),
            station("HV.UWE..HHZ", "2025-11-04T22:10:00Z", "2025-11-04T22:00:00Z", 1),
            station("HV.NPT..HHZ", "2025-11-04T22:10:00Z", "2025-11-04T21:00:00Z", 7),
            station("AV.X..BHZ", null),
        ],
    };
    assert.equal(freshestStation(catalog).id, "HV.NPT..HHZ", "same end: more chunks");
    assert.equal(freshestStation({ stations: [station("A.B..HHZ", null)] }), null);
});

test("the default duration plays a few seconds where that much is stored, and stays a hit", () => {
    // 100 Hz at 48 kHz: 10 minutes play 1.25 s, 1 hour 7.5 s.
    assert.equal(defaultDuration(station("x", "2025-11-04T22:00:00Z", "2025-11-03T22:00:00Z"), OPTIONS), "1h");
    assert.ok((durationSeconds("1h") * 100) / 48000 >= DEFAULT_AUDIO_SECONDS && (durationSeconds("30m") * 100) / 48000 < DEFAULT_AUDIO_SECONDS);
    assert.equal(defaultDuration(station("x", "2025-11-04T22:10:00Z", "2025-11-04T22:00:00Z"), OPTIONS), "10m", "only 10 minutes stored");
    assert.equal(defaultDuration(station("x", "2025-11-04T22:40:00Z", "2025-11-04T22:00:00Z"), OPTIONS), "30m");
    assert.equal(defaultDuration(station("x", "2025-11-04T22:00:00Z", "2025-11-03T00:00:00Z", 1, 50), OPTIONS), "3h", "50 Hz needs longer");
    assert.equal(defaultDuration(station("x", null), OPTIONS), "1h", "nothing stored: what plays a few seconds");
});

test("the source is named for what it is", () => {
    assert.match(sourceWords({ kind: "sds", name: "/data/archive" }).label, /SDS archive/);
    assert.equal(sourceWords({ kind: "fdsn", name: "EarthScope" }).short, "FDSN");
});
