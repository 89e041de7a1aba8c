// Live mode's parts (Sources/seisapi/Player/live-*.js): the frame format, the tail (each
// sample once, whatever overlaps), the socket's capped backoff and the server's reasons, a
// cycle (cache + tail) against SciPy's reference and against the same samples played from
// chunks, and a whole Live playback through a fake WebSocket: the picture follows the records,
// Loop plays the newest minutes again with the new records appended, a reconnect's repeated
// buffer is dropped.
import test from "node:test";
import assert from "node:assert/strict";
import { LiveTail, parseLiveFrame, parseLiveHello, gridIndexOfNs } from "../../Sources/seisapi/Player/live-tail.js";
import { LiveSocket, liveURL, BACKOFF_MAX_MS } from "../../Sources/seisapi/Player/live-socket.js";
import { LiveCycle } from "../../Sources/seisapi/Player/live-cycle.js";
import { liveView } from "../../Sources/seisapi/Player/live-view.js";
import { Session } from "../../Sources/seisapi/Player/session.js";
import { maxAbsDiff } from "./support.mjs";
import {
    manifest, expected, decoder, RATE, BASE, channel, chunks, index, frame, samplesOf, records, FakeWebSocket, json,
    dataServer, workletPort, until,
} from "./live-support.mjs";

test("a frame and the hello as Docs/api.md writes them", () => {
    const samples = Int32Array.from([1, -2, 2147483647, -2147483648]);
    const f = parseLiveFrame(frame(17622939050, samples));
    assert.equal(f.startNs, 17622939050n * 100_000_000n);
    assert.deepEqual([...f.samples], [...samples]);
    assert.throws(() => parseLiveFrame(frame(1, samples).slice(0, 20)), /says 4 samples/);
    assert.throws(() => parseLiveFrame(new ArrayBuffer(8)), /at least 12/);
    assert.deepEqual(parseLiveHello('{"channel":"HV.UWE..HHZ","volcano":"kilauea","sample_rate":100,"buffer_minutes":30,"backlog_records":412}'),
        { channel: "HV.UWE..HHZ", sampleRate: 100, bufferMinutes: 30, volcano: "kilauea", backlogRecords: 412 });
    assert.deepEqual(parseLiveHello('{"channel":"HV.UWE..HHZ","sample_rate":null}'),
        { channel: "HV.UWE..HHZ", sampleRate: null, bufferMinutes: null, volcano: null, backlogRecords: null }, "a rate the server does not know yet");
    assert.throws(() => parseLiveHello('{"channel":"HV.UWE..HHZ","sample_rate":-5}'), /bad first message/);
    assert.throws(() => parseLiveHello('{"sample_rate":100}'), /bad first message/);
    // ns → grid index: exact at 100 Hz and 40.96 Hz, a start 2 ms off the grid is snapped.
    assert.equal(gridIndexOfNs(1762293600_000_000_000n, 100), 176229360000);
    assert.equal(gridIndexOfNs(1762293600_024_414_062n, 40.96), 1762293600 * 40.96 + 1);
    assert.equal(gridIndexOfNs(1762293600_012_000_000n, 100), 176229360001);
    assert.equal(liveURL("https://seis.example/x", { ...channel }), "wss://seis.example/live?network=HV&volcano=kilauea&station=TEST&location=&channel=HHZ");
});

test("the tail holds each sample once: overlaps, repeats and a reconnect's buffer are dropped by time", () => {
    const tail = new LiveTail(RATE);
    const from = index("2025-11-04T22:30:00Z");
    const list = records(from, from + 3000);
    for (const r of list) tail.add(BigInt(r.first) * 100_000_000n, r.samples);
    assert.equal(tail.samples, 3000);
    // The server's whole buffer again (a reconnect), then a record overlapping both ends of a hole.
    for (const r of list) assert.equal(tail.add(BigInt(r.first) * 100_000_000n, r.samples).added, 0);
    assert.equal(tail.dropped, 3000);
    const late = from + 3500;
    tail.add(BigInt(late) * 100_000_000n, samplesOf(late, late + 200));
    const bridge = tail.add(BigInt(from + 2900) * 100_000_000n, samplesOf(from + 2900, from + 3600));
    assert.deepEqual({ added: bridge.added, dropped: bridge.dropped }, { added: 500, dropped: 200 });
    const runs = tail.runs(from - 10, from + 4000);
    assert.equal(runs.length, 1, "the hole is filled: one run");
    assert.deepEqual([...runs[0].data], [...samplesOf(from, from + 3700)]);
    // A hole stays a hole: two runs; trim forgets the oldest samples.
    tail.add(BigInt(from + 3800) * 100_000_000n, samplesOf(from + 3800, from + 3900));
    assert.deepEqual(tail.runs(from, from + 4000).map((r) => [r.first - from, r.data.length]), [[0, 3700], [3800, 100]]);
    tail.trim(from + 1000);
    assert.equal(tail.first, from + 1000);
    assert.equal(tail.samples, 2800);
    assert.deepEqual(tail.range(from + 1000, from + 1100), {
        global_min: Math.min(...samplesOf(from + 1000, from + 1100)), global_max: Math.max(...samplesOf(from + 1000, from + 1100)),
    });
});

/** Timers run by the test. */
function manualTimers() {
    const pending = [];
    return {
        pending,
        setTimeout: (fn, ms) => pending.push({ fn, ms }) && pending.length,
        clearTimeout: () => {},
        fire() {
            const t = pending.shift();
            t.fn();
            return t.ms;
        },
    };
}

test("the socket reconnects after a capped backoff, reset by a record; a 404 stops it, a 503 waits Retry-After", async () => {
    FakeWebSocket.sockets = [];
    const timers = manualTimers();
    const statuses = [];
    const got = [];
    let answer = () => new Response("", { status: 502 });
    const socket = new LiveSocket({
        url: "ws://x/live?station=TEST", WebSocket: FakeWebSocket, fetch: async () => answer(), ...timers,
        onHello: (h) => got.push(h.channel), onRecord: (r) => got.push(r.samples.length), onStatus: (s) => statuses.push(s),
    });
    socket.open();
    FakeWebSocket.sockets[0].accept();
    FakeWebSocket.sockets[0].send(5, Int32Array.from([1, 2, 3]));
    assert.deepEqual(got, ["HV.TEST..HHZ", 3]);
    const delays = [];
    for (let i = 0; i < 9; i++) {
        const s = FakeWebSocket.sockets.at(-1);
        s.onopen();
        s.drop();
        assert.equal(statuses.at(-1).state, "retrying");
        assert.match(statuses.at(-1).reason, /closed \(1006\)/);
        delays.push(timers.fire());
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    assert.equal(BACKOFF_MAX_MS, 30000);
    FakeWebSocket.sockets.at(-1).accept();
    FakeWebSocket.sockets.at(-1).send(9, Int32Array.from([4]));
    FakeWebSocket.sockets.at(-1).drop();
    assert.equal(timers.fire(), 500, "a record resets the backoff");
    // Refused before opening: the server's reason decides.
    answer = () => json({ error: "too many listeners" }, 503, { "Retry-After": "7" });
    FakeWebSocket.sockets.at(-1).drop();
    await until(() => timers.pending.length === 1, "the 503's retry");
    assert.match(statuses.at(-1).reason, /HTTP 503: too many listeners/);
    assert.equal(timers.fire(), 7000);
    answer = () => json({ error: "/live is a WebSocket" }, 426);
    FakeWebSocket.sockets.at(-1).drop();
    await until(() => timers.pending.length === 1, "the 426's retry");
    assert.match(statuses.at(-1).reason, /HTTP 426/);
    timers.fire();
    answer = () => json({ error: "unknown channel HV.TEST..HHZ" }, 404);
    FakeWebSocket.sockets.at(-1).drop();
    await until(() => statuses.at(-1).state === "failed", "the 404");
    assert.match(statuses.at(-1).reason, /HTTP 404: unknown channel/);
    assert.equal(timers.pending.length, 0, "no retry after a 404");
    socket.close();
});

/** A cycle over the manifest's range with the tail holding [22:30, end): /data gives the rest. */
async function liveCycle(tailRecords, srv = dataServer()) {
    const from = index(manifest.start);
    const to = index(manifest.end);
    const tail = new LiveTail(RATE);
    for (const r of tailRecords) tail.add(BigInt(r.first) * 100_000_000n, r.samples);
    const events = [];
    const cycle = new LiveCycle({
        request: channel, decoder, base: BASE, fetch: srv.fetch, audioRate: 8000, emit: (e) => events.push(e),
        window: { from, to }, runs: tail.runs(from, to), rate: RATE,
    });
    const port = workletPort();
    port.onmessage = (e) => cycle.fromWorklet(e.data);
    cycle.attach(port, 8000);
    await cycle.start();
    await until(() => events.some((e) => e.type === "ended"), "the cycle's end");
    return { cycle, port, events, srv };
}

test("a cycle (cached part + live tail) plays SciPy's reference, and exactly what the same samples play from chunks", async () => {
    const at = index("2025-11-04T22:30:00Z");
    const end = index(manifest.end);
    // Records overlapping each other (each sent again, starting 20 samples earlier).
    const list = records(at, end).flatMap((r) => [r, { first: Math.max(at, r.first - 20), samples: samplesOf(Math.max(at, r.first - 20), r.first + r.samples.length) }]);
    const { cycle, port, srv } = await liveCycle(list);
    assert.deepEqual(srv.log.filter((p) => p.startsWith("/data")), ["/data?2025-11-04T22:05:05Z..2025-11-04T22:30:00Z"], "/data only for what the tail lacks");
    const out = port.output(1);
    assert.equal(out.length, expected.length);
    assert.ok(maxAbsDiff(out, expected) < 1e-6, `differs from SciPy by ${maxAbsDiff(out, expected)}`);
    // The same range played from the chunks alone (a /data hit).
    const hit = new Session({
        request: { ...channel, start: manifest.start, end: manifest.end }, decoder, base: BASE, audioRate: 8000,
        fetch: async (url) => (new URL(url).pathname === "/data" ? json(manifest) : dataServer().fetch(url)), emit: () => {},
    });
    const hitPort = workletPort();
    hitPort.onmessage = (e) => hit.fromWorklet(e.data);
    hit.attach(hitPort, 8000);
    await hit.start();
    await until(() => hitPort.output(1).length === expected.length, "the hit's end");
    assert.deepEqual(out, hitPort.output(1), "bit for bit");
    assert.deepEqual(await cycle.tapFrames(expected.length), [...out]);
    const s = cycle.stats();
    assert.deepEqual(s.missingReasons, [{ from: index("2025-11-04T22:20:00Z"), to: at, reason: "not in the cache" }]);
    assert.equal(s.chunksNeeded, 2 + 1, "two chunks and one live run");
});

test("where a chunk and the tail overlap, the chunk's samples play (the tail only fills what no chunk covers)", async () => {
    const from = index("2025-11-04T22:15:00Z");
    const end = index(manifest.end);
    // The tail from 22:15 (a gap in the feed where the fixture has none, 22:20-22:30), its samples
    // before 22:20 (where chunk 2 is) different from the chunk's.
    const gap = index("2025-11-04T22:20:00Z");
    const list = [...records(from, gap), ...records(index("2025-11-04T22:30:00Z"), end)].map((r) => ({
        first: r.first, samples: r.samples.map((v, i) => (r.first + i < gap ? v - 1000 : v)),
    }));
    const { cycle, port, srv } = await liveCycle(list);
    assert.deepEqual(srv.log.filter((p) => p.startsWith("/data")), ["/data?2025-11-04T22:05:05Z..2025-11-04T22:20:00Z"], "to the 10-minute boundary after the tail's start");
    assert.ok(maxAbsDiff(port.output(1), expected) < 1e-6, "the chunk's samples, silence in the gap, then the tail");
    assert.deepEqual(cycle.stats().missingReasons, [{ from: gap, to: index("2025-11-04T22:30:00Z"), reason: "gap in the live feed" }]);
});

test("a chunk the server skips is missing only up to the tail's first sample: the tail plays the rest of its window", async () => {
    const tailFrom = index("2025-11-04T22:32:00Z");
    const end = index(manifest.end);
    const [c1, c2] = manifest.chunks;
    const lines = [
        { event: "metadata", metadata: { sample_rate: RATE, format: "int32", start: manifest.start, end: "2025-11-04T22:40:00Z", normalization: manifest.normalization } },
        { event: "chunk", chunk: c1 }, { event: "chunk", chunk: c2 },
        { event: "chunk_skipped", kind: "10min", start: "2025-11-04T22:30:00Z", end: "2025-11-04T22:40:00Z", reason: "incomplete: 80.0% of the samples" },
        { event: "manifest", manifest: { ...manifest, end: "2025-11-04T22:40:00Z", chunks: [c1, c2] } },
    ];
    const files = dataServer();
    const srv = {
        log: [],
        fetch: async (url) => {
            srv.log.push(new URL(url).pathname + new URL(url).search);
            if (new URL(url).pathname !== "/data") return files.fetch(url);
            return new Response(lines.map((l) => JSON.stringify(l)).join("\n") + "\n", { headers: { "Content-Type": "application/x-ndjson" } });
        },
    };
    const { cycle } = await liveCycle(records(tailFrom, end), srv);
    assert.match(srv.log[0], /end=2025-11-04T22%3A35%3A30Z/, "to the 10-minute boundary after the tail's start, at most the window's end");
    assert.equal(cycle.stats().source, "miss");
    assert.equal(cycle.plan.segmentAt(tailFrom).source.origin, "live");
    assert.deepEqual(cycle.stats().missingReasons.map((r) => [r.from, r.to, r.reason.slice(0, 10)]), [
        [index("2025-11-04T22:20:00Z"), index("2025-11-04T22:30:00Z"), "not in the"],
        [index("2025-11-04T22:30:00Z"), tailFrom, "below 95 %"],
    ]);
});

test("the live view: the cycle's sources first, then the tail; a run's band starts where the chunk before it ends", async () => {
    const from = index("2025-11-04T22:15:00Z");
    const join = index("2025-11-04T22:20:00Z");
    const filler = { first: join, samples: new Int32Array(3000).fill(-20000) };
    const { cycle } = await liveCycle([...records(from, join), filler]);
    await until(() => cycle.loader.settled(), "the chunks");
    const tail = new LiveTail(RATE);
    for (const r of [...records(from, join), filler]) tail.add(BigInt(r.first) * 100_000_000n, r.samples);
    const w = cycle.grid;
    const v = liveView({
        rate: RATE, window: { from: w.first, to: w.last }, cycle, runs: tail.runs(w.first, w.last), tailFirst: tail.first,
        tailEnd: tail.end, range: tail.range(w.first, w.last), loudness: "seed", width: 1024,
    });
    assert.deepEqual(v.plan.chunks.map((c) => [c.kind, c.first, c.first + c.samples]), [
        ["10min", chunks[0].first, chunks[0].first + 6000], ["10min", chunks[1].first, join], ["live", join, join + 3000],
    ]);
    assert.deepEqual(v.plan.reasons, [{ from: join + 3000, to: w.last, reason: "not arrived yet" }]);
    assert.ok(v.complete);
    // The picture is of the samples the cycle plays: its own analysis over the same window.
    await until(() => cycle.analysis.complete, "the cycle's analysis");
    assert.deepEqual(v.normalization, cycle.normalization);
    assert.deepEqual([...v.overview.min], [...cycle.analysis.overview.min]);
    assert.deepEqual([...v.overview.max], [...cycle.analysis.overview.max]);
});

test("a cycle the tail covers asks no /data; a failed /data leaves the cached part missing and plays the tail", async () => {
    const from = index(manifest.start);
    const to = index(manifest.end);
    const srv = dataServer();
    const tail = new LiveTail(RATE);
    const inside = index("2025-11-04T22:30:00Z");
    for (const r of records(inside, to)) tail.add(BigInt(r.first) * 100_000_000n, r.samples);
    const events = [];
    const only = new LiveCycle({
        request: channel, decoder, base: BASE, fetch: srv.fetch, emit: (e) => events.push(e),
        window: { from: inside, to }, runs: tail.runs(inside, to), rate: RATE,
    });
    await only.start();
    assert.deepEqual(srv.log, []);
    assert.equal(only.stats().source, "live");
    assert.deepEqual(only.normalization, tail.range(inside, to));
    const failing = new LiveCycle({
        request: channel, decoder, base: BASE, fetch: async () => json({ error: "boom" }, 500), emit: (e) => events.push(e),
        window: { from, to }, runs: tail.runs(from, to), rate: RATE,
    });
    await failing.start();
    assert.ok(events.some((e) => e.type === "warning" && /cached part: \/data: boom/.test(e.message)));
    assert.deepEqual(failing.plan.missingSpans(), [{ from, to: inside }]);
    assert.equal(failing.finished, true);
});

export { chunks };
