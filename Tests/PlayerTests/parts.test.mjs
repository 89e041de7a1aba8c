// The parts session.js is made of, each on its own: the playback pass (playback.js), the
// analysis pass (analysis.js), the chunk loader (chunk-loader.js) and the manifest reader's
// reasons (manifest-reader.js). Whole playbacks are in session.test.mjs.
import test from "node:test";
import assert from "node:assert/strict";
import { SampleGrid, CoveragePlan } from "../../Sources/seisapi/Player/planner.js";
import { SeismicProcessor } from "../../Sources/seisapi/Player/filter.js";
import { PlaybackRun, FrameTap, WorkletOutlet, renderFrames } from "../../Sources/seisapi/Player/playback.js";
import { Analysis } from "../../Sources/seisapi/Player/analysis.js";
import { Spectrogram, spectrogramParameters } from "../../Sources/seisapi/Player/spectrogram.js";
import { ChunkLoader, MISSING } from "../../Sources/seisapi/Player/chunk-loader.js";
import { skipReason } from "../../Sources/seisapi/Player/manifest-reader.js";
import { missingReasons } from "../../Sources/seisapi/Player/session-report.js";
import { maxAbsDiff, sleep } from "./support.mjs";

const RATE = 10;
const NORM = { global_min: -30000, global_max: 30000 };

/** Two chunks of 3000 samples, 1000 missing samples between them, on a 10 Hz grid. */
function store() {
    const grid = new SampleGrid(RATE, 1000, 1700); // indices 10000..17000
    const plan = new CoveragePlan(grid);
    const chunk = (first, seed) => ({
        desc: { first, samples: 3000 },
        state: "ready",
        data: Int32Array.from({ length: 3000 }, (_, i) => Math.round(9000 * Math.sin(i / (7 + seed)) + 500 * ((i * seed) % 13) - 20000)),
    });
    const a = chunk(10000, 1);
    const b = chunk(14000, 2);
    plan.add(a, 10000, 3000);
    plan.add(b, 14000, 3000);
    plan.finish();
    const data = (segment) => (segment.source === null ? MISSING : segment.source.data);
    // The contract, whole: filter across the run, silence and a restart after the gap.
    const expected = new Float32Array(7000);
    const p = new SeismicProcessor({ rate: RATE, normalization: NORM });
    p.process(a.data, expected.subarray(0, 3000));
    const q = new SeismicProcessor({ rate: RATE, normalization: NORM });
    q.process(b.data, expected.subarray(4000));
    return { grid, plan, data, expected };
}

function playAll(run, data, last) {
    for (let i = 0; i < 100 && !run.ended; i++) run.pump(data, () => 4096, last);
}

test("playback: from the start, the blocks are the contract (silence and restart at the gap)", () => {
    const { grid, plan, data, expected } = store();
    const out = [];
    const run = new PlaybackRun({ generation: 1, startIndex: grid.first, speed: 1, rate: RATE, normalization: NORM, plan, send: (b) => out.push(b) });
    playAll(run, data, grid.last);
    const all = Float32Array.from(out.flatMap((b) => [...b]));
    assert.equal(all.length, 7000);
    assert.ok(maxAbsDiff(all, expected) < 1e-7);
    assert.ok(out.slice(0, -1).every((b) => b.length === 1024));
});

test("playback: a seek resumes exactly from the segment's checkpoint; without one it is marked inexact", () => {
    const { grid, plan, data, expected } = store();
    const analysis = new Analysis({ grid, normalization: NORM, width: 100 });
    analysis.step(data, plan, 1e9, () => 0);
    const at = grid.first + 1234;
    const out = [];
    const segment = plan.segmentAt(at);
    const run = new PlaybackRun({
        generation: 2, startIndex: at, speed: 1, rate: RATE, normalization: NORM, plan,
        checkpoint: analysis.checkpoints.get(segment.from), send: (b) => out.push(b),
    });
    playAll(run, data, grid.last);
    const all = Float32Array.from(out.flatMap((b) => [...b]));
    assert.ok(maxAbsDiff(all, expected.subarray(1234)) < 1e-7);
    const rough = new PlaybackRun({ generation: 3, startIndex: at, speed: 1, rate: RATE, normalization: NORM, plan, send: () => {} });
    assert.equal(rough.exact, false);
});

test("playback: flow control stops when no room is left and where data is not loaded", () => {
    const { grid, plan, data } = store();
    const sent = [];
    const run = new PlaybackRun({ generation: 1, startIndex: grid.first, speed: 1, rate: RATE, normalization: NORM, plan, send: (b) => sent.push(b) });
    const { processed } = run.pump(data, () => 2048 - sent.length * 1024, grid.last);
    assert.ok(processed >= 2048 && processed <= 4096, `processed ${processed}`);
    const notLoaded = (s) => (s.source?.desc.first === 14000 ? null : data(s));
    for (let i = 0; i < 20; i++) run.pump(notLoaded, () => 1e6, grid.last);
    assert.equal(run.cursor, 14000, "waits at the chunk that is not loaded");
    assert.equal(run.ended, false);
});

test("tap and outlet: the first frames, resolved as they arrive; messages wait for the port", async () => {
    const tap = new FrameTap();
    tap.allocate(10);
    const first = tap.frames(4);
    tap.record(Float32Array.of(1, 2, 3));
    tap.record(Float32Array.of(4, 5));
    assert.deepEqual(await first, [1, 2, 3, 4]);
    tap.close();
    assert.deepEqual(await tap.frames(50), [1, 2, 3, 4, 5], "closed: what there is");
    const outlet = new WorkletOutlet();
    outlet.block(1, new Float32Array(1024));
    assert.equal(outlet.pending.length, 1);
    const got = [];
    outlet.attach({ postMessage: (m) => got.push(m.type) }, 1);
    assert.deepEqual(got, ["flush", "block"]);
    assert.equal(outlet.queued(100), 1124);
});

test("analysis: overview min/max per column, spectrogram of the same samples, checkpoints", () => {
    const { grid, plan, data, expected } = store();
    const analysis = new Analysis({ grid, normalization: NORM, width: 70 });
    let steps = 0;
    while (!analysis.complete && steps++ < 100) analysis.step(data, plan, 1500, () => 0);
    const o = analysis.takeOverview();
    assert.equal(o.from, 0);
    for (let b = 0; b < 70; b++) {
        const part = expected.subarray(b * 100, b * 100 + 100);
        if (b >= 30 && b < 40) assert.ok(Number.isNaN(o.min[b]), "missing: nothing drawn");
        else assert.ok(o.min[b] === Math.min(...part) && o.max[b] === Math.max(...part), `column ${b}`);
    }
    assert.equal(analysis.takeOverview(), null, "nothing new");
    const p = spectrogramParameters(RATE, 7000);
    const reference = new Spectrogram({ ...p, total: 7000 });
    reference.push(expected, 7000);
    assert.deepEqual(analysis.spectrogram.result().power, reference.result().power, "the played samples' spectrogram");
    const picture = analysis.takeSpectrogram();
    assert.equal(picture.columns, Math.min(70, reference.columns));
    assert.equal(picture.db.length, picture.columns * picture.bins);
    assert.deepEqual([...analysis.checkpoints.keys()], [10000, 13000, 14000]);
    assert.equal(analysis.checkpoints.get(13000), null, "the missing span restarts the filter");
});

test("chunk loader: loads in playback order, a 404 becomes MISSING, over budget chunks are dropped", async () => {
    const grid = new SampleGrid(RATE, 1000, 1900);
    const plan = new CoveragePlan(grid);
    const order = [];
    const bytes = new Uint8Array(3000 * 4);
    const loader = new ChunkLoader({
        request: { network: "HV", station: "X", channel: "HHZ" }, cache: null, base: "http://x", concurrency: 1,
        decoder: { decompressInt32: (b) => new Int32Array(b.buffer.slice(0)) },
        fetch: async (url) => {
            order.push(new URL(url).pathname);
            await sleep(1);
            return url.pathname.endsWith("gone") ? new Response("no", { status: 404 }) : new Response(bytes);
        },
        memoryBudget: 20_000, now: () => 0, cursor: () => grid.first, event: () => {}, onLoaded: () => {},
    });
    loader.configure(grid, plan);
    const entry = (i, name) => ({ key: name, url: `/files/${name}`, start: new Date((1000 + i * 300) * 1000).toISOString(), end: new Date((1300 + i * 300) * 1000).toISOString(), samples: 3000, min: 0, max: 1 });
    assert.equal(loader.add([entry(2, "c"), entry(0, "a"), entry(1, "gone")]), true);
    plan.finish();
    await loader.idle();
    assert.deepEqual(order, ["/files/a", "/files/c", "/files/gone"].sort((x, y) => order.indexOf(x) - order.indexOf(y)));
    assert.equal(order[0], "/files/a", "the chunk needed first goes first");
    assert.equal(loader.data(plan.segmentAt(13000)), MISSING, "a 404 plays as silence");
    assert.ok(loader.data(plan.segmentAt(10000)) instanceof Int32Array);
    loader.evict(grid.last, grid.last);
    assert.ok(loader.memoryBytes <= 20_000 * 0.75, `dropped to ${loader.memoryBytes}`);
    assert.deepEqual(loader.needed(), { all: 3, network: 3, indexeddb: 0 });
});

test("missing spans carry their reasons", () => {
    assert.equal(skipReason({ reason: "no data" }), "no data at the source");
    assert.equal(skipReason({ reason: "incomplete: 93.1% of the samples" }), "below 95 % (93.1 % of the samples at the source)");
    assert.match(skipReason({ reason: "store: disk full" }), /not stored: store: disk full/);
    assert.match(skipReason({ reason: "not fetched: the generation's time budget (60 s) ran out while the source was slow; ask again later" }), /^not fetched in time/);
    const grid = new SampleGrid(RATE, 1000, 1400);
    const plan = new CoveragePlan(grid);
    plan.add({ state: "failed", failure: "HTTP 404" }, 10000, 1000);
    plan.markMissing(11000, 12000);
    const reasons = missingReasons(plan, [{ from: 11000, to: 12000, reason: "no data at the source" }], false);
    assert.deepEqual(reasons, [
        { from: 10000, to: 11000, reason: "failed to load (HTTP 404)" },
        { from: 11000, to: 12000, reason: "no data at the source" },
        { from: 12000, to: 14000, reason: "still generating" },
    ]);
});

/** The skip rule written out: the data pieces joined, the last `fade` samples before a
 *  skipped span ramped down to 0 and the first `fade` after it ramped up from 0. */
function skipped(expected, gapFrom, gapTo, fade) {
    const before = Float32Array.from(expected.subarray(0, gapFrom));
    const after = Float32Array.from(expected.subarray(gapTo));
    for (let k = 0; k < fade; k++) {
        before[gapFrom - fade + k] *= (fade - k - 1) / fade;
        after[k] *= k / fade;
    }
    return Float32Array.from([...before, ...after]);
}

test("skip missing: the span is left out, 5 ms fades at the join, the skip reported at its frame", () => {
    const { grid, plan, data, expected } = store();
    const out = [];
    const skips = [];
    const fade = 0.005 * 8000; // 5 ms at 8 kHz, speed 1: 40 samples
    const run = new PlaybackRun({
        generation: 1, startIndex: grid.first, speed: 1, rate: RATE, normalization: NORM, plan, skipMissing: true,
        fadeSamples: fade, send: (b) => out.push(b), onSkip: (s) => skips.push(s),
    });
    playAll(run, data, grid.last);
    const all = Float32Array.from(out.flatMap((b) => [...b]));
    assert.equal(all.length, 6000);
    assert.ok(maxAbsDiff(all, skipped(expected, 3000, 4000, fade)) < 1e-7);
    assert.deepEqual(skips, [{ frame: 3000, from: 13000, to: 14000 }]);
});

test("render: every frame of the range (the WAV) equals a playback from the start, at speed 2 too", async () => {
    const { grid, plan, data, expected } = store();
    const frames = await renderFrames({ grid, plan, data, speed: 1, rate: RATE, normalization: NORM, isStopped: () => false });
    assert.ok(maxAbsDiff(frames, expected) < 1e-7);
    const twice = await renderFrames({ grid, plan, data, speed: 2, rate: RATE, normalization: NORM, isStopped: () => false });
    assert.equal(twice.length, 3500);
    assert.ok(Math.abs(twice[10] - (expected[20] + expected[21]) / 2) < 1e-7, "the box filter of the Audifier");
});

test("tap: asked after the playback ended, it resolves with what there is", async () => {
    const tap = new FrameTap();
    tap.allocate(100);
    tap.record(Float32Array.of(1, 2));
    tap.resolve(true); // the run ended
    assert.deepEqual(await tap.frames(50), [1, 2]);
});
