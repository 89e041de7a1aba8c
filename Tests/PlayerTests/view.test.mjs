// The view's link (view.js) and the WAV writer (wav.js).
import test from "node:test";
import assert from "node:assert/strict";
import { viewQuery, parseView, sameView, DEFAULTS } from "../../Sources/seisapi/Player/view.js";
import { encodeWAV } from "../../Sources/seisapi/Player/wav.js";

const view = {
    volcano: "kilauea",
    channels: [{ volcano: "kilauea", id: "HV.UWE..HHZ" }, { volcano: "maunaloa", id: "HV.MOKD.01.HHZ" }],
    start: "2025-11-04T22:00:00Z", duration: "3h", speed: 0.5, loudness: "seed", skip: true, freq: "linear", live: false,
};

test("a view survives its link: every field, two volcanoes, an empty location", () => {
    const query = viewQuery(view);
    assert.match(query, /ch=kilauea:HV\.UWE\.\.HHZ,maunaloa:HV\.MOKD\.01\.HHZ/);
    assert.deepEqual(parseView(`?${query}`), view);
    const latest = { ...view, start: null };
    assert.deepEqual(parseView(viewQuery(latest)), latest);
    assert.ok(sameView(view, parseView(query)));
    assert.ok(!sameView(view, latest));
    // Live mode: its own mode, no start; the duration is the newest N minutes followed.
    const live = { ...view, start: null, duration: "10m", live: true };
    assert.match(viewQuery(live), /mode=live&dur=10m/);
    assert.deepEqual(parseView(viewQuery(live)), live);
    assert.deepEqual(parseView(viewQuery({ ...live, start: view.start })), live, "a start is not part of a Live view");
    assert.ok(!sameView(live, latest));
});

test("a bad or partial link falls back to the defaults, never to a broken request", () => {
    assert.equal(parseView("?v=kilauea"), null, "no channel: nothing to restore");
    const v = parseView("?ch=kilauea:HV.UWE..HHZ,x:not-a-channel,a:AV.GSTD..BHZ,e:AV.GSTR..BHZ,i:AV.GSSP..BHZ,m:AV.GSMY..BHZ&speed=-3&dur=forever&loud=loud&freq=bark&start=never");
    assert.equal(v.channels.length, 4, "at most 4 channels");
    assert.deepEqual(v.channels[0], { volcano: "kilauea", id: "HV.UWE..HHZ" });
    assert.equal(v.speed, DEFAULTS.speed);
    assert.equal(v.duration, DEFAULTS.duration);
    assert.equal(v.loudness, DEFAULTS.loudness);
    assert.equal(v.freq, "log");
    assert.equal(v.start, null);
});

test("WAV: IEEE float 32, one channel per channel, interleaved, padded to the longest", () => {
    const a = Float32Array.of(0.5, -1, 0.25, 1e-7);
    const b = Float32Array.of(-0.5, 1);
    const wav = encodeWAV([a, b], 48000);
    const v = new DataView(wav);
    const text = (at) => String.fromCharCode(...new Uint8Array(wav, at, 4));
    assert.deepEqual([text(0), text(8), text(12), text(36), text(48)], ["RIFF", "WAVE", "fmt ", "fact", "data"]);
    assert.equal(v.getUint32(4, true), wav.byteLength - 8);
    assert.equal(v.getUint16(20, true), 3, "WAVE_FORMAT_IEEE_FLOAT");
    assert.equal(v.getUint16(22, true), 2);
    assert.equal(v.getUint32(24, true), 48000);
    assert.equal(v.getUint16(34, true), 32);
    assert.equal(v.getUint32(44, true), 4, "frames");
    assert.equal(v.getUint32(52, true), 4 * 2 * 4);
    const frames = [...new Float32Array(wav, 56)];
    assert.deepEqual(frames, [0.5, -0.5, -1, 1, 0.25, 0, Math.fround(1e-7), 0]);
});

test("the hook's requests become views: one channel or several, start/end as a duration", async () => {
    const { viewOfRequest } = await import("../../Sources/seisapi/Player/view.js");
    const one = viewOfRequest({ network: "HV", volcano: "kilauea", station: "UWE", location: "", channel: "HHZ", start: "2025-11-03T00:30:00Z", end: "2025-11-03T02:30:00Z" });
    assert.deepEqual(one.channels, [{ volcano: "kilauea", id: "HV.UWE..HHZ" }]);
    assert.equal(one.duration, "2h");
    assert.equal(one.loudness, "seed", "the contract's rule unless asked");
    const two = viewOfRequest({ channels: [{ network: "HV", volcano: "kilauea", station: "UWE", channel: "HHZ" }, { network: "HV", volcano: "kilauea", station: "NPT", location: "", channel: "HHZ" }], duration: "10m", loudness: "centered" });
    assert.equal(two.channels[1].id, "HV.NPT..HHZ");
    assert.equal(two.start, null);
    assert.deepEqual(parseView(viewQuery(two)), two);
});
