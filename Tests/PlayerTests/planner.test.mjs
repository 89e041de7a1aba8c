// The request's sample grid, the coverage plan and the fetch planner (Sources/seisapi/Player/planner.js).
import test from "node:test";
import assert from "node:assert/strict";
import { SampleGrid, CoveragePlan, FetchQueue, describeChunk, describeGaps, parseTime, formatTime, dataQuery, durationSeconds } from "../../Sources/seisapi/Player/planner.js";
import { sleep } from "./support.mjs";

const T = (iso) => parseTime(iso);

test("grid: the request is the samples whose time lies in [start, end)", () => {
    const g = new SampleGrid(100, T("2025-11-04T22:00:00Z"), T("2025-11-04T23:00:00Z"));
    assert.equal(g.total, 360000);
    assert.equal(g.first, 1762293600 * 100);
    // 40.96 Hz: whole seconds are not on the grid; the first sample at or after start counts.
    const h = new SampleGrid(40.96, T("2025-11-04T22:00:13Z"), T("2025-11-04T22:10:00Z"));
    const chunk = h.chunkIndex(T("2025-11-04T22:00:00Z"));
    assert.equal(h.first - chunk, 533, "13 s hold 532.48 samples: sample 533 is the first at or after 13 s (not the nearest, 532)");
    assert.ok(h.time(h.first) >= T("2025-11-04T22:00:13Z"));
    assert.ok(h.time(h.first - 1) < T("2025-11-04T22:00:13Z"));
    assert.equal(h.last - chunk, 24576, "a 10-minute chunk at 40.96 Hz holds 24576 samples");
    assert.equal(formatTime(T("2025-11-04T22:00:00Z")), "2025-11-04T22:00:00Z");
    assert.throws(() => parseTime("yesterday"));
});

test("describeChunk reads a manifest entry onto the grid", () => {
    const g = new SampleGrid(100, T("2025-11-04T00:00:00Z"), T("2025-11-04T03:00:00Z"));
    const d = describeChunk({ kind: "6h", start: "2025-11-03T18:00:00Z", end: "2025-11-04T00:00:00Z", samples: 2160000, min: -3, max: 4, url: "/files/k", key: "k", gap_count: 2, gap_samples_filled: 70, edge_filled_samples: 5 }, g);
    assert.equal(d.first, g.first - 2160000);
    assert.deepEqual([d.gapCount, d.gapSamplesFilled, d.edgeFilledSamples], [2, 70, 5]);
    assert.throws(() => describeChunk({ start: "2025-11-04T00:00:00Z", end: "2025-11-04T01:00:00Z", samples: -1 }, g));
});

test("describeGaps places each gap on the grid: the samples strictly between the real ones", () => {
    const g = new SampleGrid(100, T("2025-11-04T23:00:00Z"), T("2025-11-05T00:00:00Z"));
    // Day metadata's example (Docs/data-format.md): last sample 23:54:12.49, next real one 23:54:16.00,
    // 350 samples filled: indices of 23:54:12.50 .. 23:54:15.99.
    const gaps = describeGaps([{ start: "2025-11-04T23:54:12.490000Z", end: "2025-11-04T23:54:16.000000Z", duration_seconds: 3.5, samples: 350 }], g);
    const at = (iso) => Math.round(T(iso) * 100);
    assert.deepEqual(gaps.map(({ from, to, samples }) => [from, to, samples]), [[at("2025-11-04T23:54:12.5Z"), at("2025-11-04T23:54:16Z"), 350]]);
    assert.equal(gaps[0].to - gaps[0].from, 350, "as many grid slots as samples filled");
    // Off-grid raw times (a clock 3 ms late): the filled slots are still those strictly between.
    const off = describeGaps([{ start: "2025-11-04T23:54:12.493000Z", end: "2025-11-04T23:54:16.003000Z", samples: 351 }], g);
    assert.deepEqual([off[0].from, off[0].to], [at("2025-11-04T23:54:12.5Z"), at("2025-11-04T23:54:16.01Z")]);
    assert.equal(describeGaps(undefined, g), null, "metadata written before gaps were placed");
    assert.equal(describeGaps([], g), null);
    assert.deepEqual(describeChunk({ start: "2025-11-04T23:50:00Z", end: "2025-11-05T00:00:00Z", samples: 60000, gap_count: 1,
        gaps: [{ start: "2025-11-04T23:54:12.490000Z", end: "2025-11-04T23:54:16.000000Z", samples: 350 }] }, g).gaps.map((x) => x.from), [gaps[0].from]);
});

test("coverage: chunks cut to the request, first source wins, the rest is open until finished", () => {
    const g = new SampleGrid(10, 1000, 2000); // indices 10000..20000
    const plan = new CoveragePlan(g);
    const a = { name: "a" };
    const b = { name: "b" };
    const c = { name: "c" };
    assert.deepEqual(plan.add(a, 9000, 3000).map((s) => [s.from, s.to]), [[10000, 12000]], "starts before the request");
    assert.deepEqual(plan.add(b, 11000, 3000).map((s) => [s.from, s.to]), [[12000, 14000]], "overlap: only the open part");
    assert.deepEqual(plan.add(c, 19000, 5000).map((s) => [s.from, s.to]), [[19000, 20000]], "ends after the request");
    assert.deepEqual(plan.add({}, 10000, 2000), [], "already covered");
    assert.deepEqual(plan.openSpans(), [{ from: 14000, to: 19000 }]);
    assert.equal(plan.segmentAt(11999).source, a);
    assert.equal(plan.segmentAt(12000).source, b);
    assert.equal(plan.segmentAt(15000), null, "open: may still come");
    assert.equal(plan.complete, false);
    plan.markMissing(14000, 15000);
    assert.equal(plan.segmentAt(14500).source, null, "skipped: missing");
    plan.finish();
    assert.equal(plan.complete, true);
    assert.deepEqual(plan.missingSpans(), [{ from: 14000, to: 19000 }], "adjacent missing spans merge");
    assert.equal(plan.segmentAt(9999), null);
    assert.equal(plan.segmentAt(20000), null);
});

test("fetch planner: at most `limit` loads at once, started in playback order", async () => {
    const started = [];
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 24 }, (_, i) => ({ first: ((i * 7) % 24) * 1000 })); // shuffled
    const settled = [];
    const queue = new FetchQueue({
        limit: 4,
        load: async (item) => {
            started.push(item.first);
            running += 1;
            peak = Math.max(peak, running);
            await sleep(2 + ((item.first / 1000) % 3));
            running -= 1;
            return item.first;
        },
        onSettled: (item, error, value) => settled.push(value),
    });
    for (const item of items) queue.add(item);
    await queue.idle();
    assert.equal(peak, 4);
    assert.equal(queue.maxRunning, 4);
    assert.equal(settled.length, 24);
    assert.deepEqual(started, [...started].sort((a, b) => a - b), "in playback order");
});

test("fetch planner: reprioritize after a seek, errors reported, close stops new loads", async () => {
    const started = [];
    const errors = [];
    let gate;
    const first = new Promise((resolve) => (gate = resolve));
    let cursor = 0;
    const queue = new FetchQueue({
        limit: 1,
        load: async (item) => {
            started.push(item.first);
            if (item.first === 0) await first;
            if (item.first === 3) throw new Error("boom");
        },
        priority: (item) => (item.first >= cursor ? item.first - cursor : 100 + item.first),
        onSettled: (item, error) => error && errors.push(item.first),
    });
    for (const f of [0, 1, 2, 3, 4, 5]) queue.add({ first: f });
    await sleep(1); // 0 is loading
    cursor = 3; // the listener clicked at 3
    queue.reprioritize();
    gate();
    await queue.idle();
    assert.deepEqual(started, [0, 3, 4, 5, 1, 2]);
    assert.deepEqual(errors, [3]);
    const later = new FetchQueue({ limit: 2, load: async () => sleep(5) });
    later.add({ first: 1 });
    later.add({ first: 2 });
    later.add({ first: 3 });
    await sleep(1);
    later.close();
    await later.idle();
    assert.equal(later.started.length, 2);
    assert.throws(() => new FetchQueue({ limit: 0, load: () => {} }));
});

test("the /data query and durations", () => {
    const q = new URLSearchParams(dataQuery({ network: "HV", volcano: "kilauea", station: "UWE", location: "", channel: "HHZ", start: "2025-11-04T00:00:00Z", end: "2025-11-04T01:00:00Z" }));
    assert.equal(q.get("location"), "");
    assert.equal(q.get("end"), "2025-11-04T01:00:00Z");
    assert.equal(q.get("duration"), null);
    const latest = new URLSearchParams(dataQuery({ network: "AV", volcano: "spurr", station: "SPCP", location: "--", channel: "BHZ", duration: "6h" }));
    assert.equal(latest.get("duration"), "6h");
    assert.equal(latest.get("start"), null);
    assert.deepEqual(["10m", "1h", "24h", "7d"].map(durationSeconds), [600, 3600, 86400, 604800]);
    assert.throws(() => durationSeconds("1w"));
});
