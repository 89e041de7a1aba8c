// Whole playbacks (Sources/seisapi/Player/session.js, what the Worker runs) against the small
// store of Fixtures/session: a /data hit, a streamed miss, the IndexedDB mirror, an
// overlapping request, seeking, speed, and failing chunks. The output is compared with
// player_reference.process_pieces (SciPy) in Fixtures/session/expected.f32.
import test from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Session } from "../../Sources/seisapi/Player/session.js";
import { ZstdDecoder } from "../../Sources/seisapi/Player/zstd.js";
import { SeismicProcessor } from "../../Sources/seisapi/Player/filter.js";
import { Spectrogram, spectrogramParameters } from "../../Sources/seisapi/Player/spectrogram.js";
import { fixtures, playerDir, maxAbsDiff, sleep } from "./support.mjs";

const dir = path.join(fixtures, "session");
const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const pieces = JSON.parse(fs.readFileSync(path.join(dir, "pieces.json"), "utf8"));
const expectedBytes = fs.readFileSync(path.join(dir, "expected.f32"));
const expected = new Float32Array(expectedBytes.buffer.slice(expectedBytes.byteOffset, expectedBytes.byteOffset + expectedBytes.byteLength));
const decoder = await ZstdDecoder.load(fs.readFileSync(path.join(playerDir, "zstd.wasm")));
const BASE = "http://127.0.0.1:9999";
const request = { network: "HV", volcano: "kilauea", station: "TEST", location: "", channel: "HHZ", start: manifest.start, end: manifest.end };
const AUDIO_RATE = 8000; // a small high-water mark, so flow control is exercised

/** A fake server: /data answers `dataResponse()`, /files/… the fixture chunks, with latency. */
function server({ dataResponse = () => json(manifest), latency = 3, files = {} } = {}) {
    const log = [];
    let inFlight = 0;
    let peak = 0;
    const fetch = async (url, init) => {
        const u = new URL(url);
        log.push(decodeURIComponent(u.pathname) + (u.search ? "?" : ""));
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        try {
            await sleep(latency);
            if (init?.signal?.aborted) throw new DOMException("aborted", "AbortError");
            if (u.pathname === "/data") return dataResponse(u);
            const name = decodeURIComponent(u.pathname).split("/").pop();
            if (name in files) return files[name]();
            const file = path.join(dir, name);
            if (!fs.existsSync(file)) return new Response("no", { status: 404 });
            return new Response(fs.readFileSync(file), { headers: { "Content-Type": "application/zstd" } });
        } finally {
            inFlight -= 1;
        }
    };
    return { fetch, log, get peak() { return peak; }, chunkFetches: () => log.filter((p) => p.startsWith("/files/")) };
}

function json(value, status = 200) {
    return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json" } });
}

/** An in-memory stand-in for ChunkCache (IndexedDB), with the same methods. */
class MemoryCache {
    constructor() {
        this.metas = new Map();
        this.data = new Map();
        this.manifests = new Map();
    }
    async chunksOverlapping(channel, fromMs, toMs) {
        return [...this.metas.values()].filter((m) => m.channel === channel && m.endMs > fromMs && m.startMs < toMs);
    }
    async samples(key) {
        const d = this.data.get(key);
        return d ? new Int32Array(d.slice(0)) : null;
    }
    async put(meta, samples) {
        this.data.set(meta.key, samples.slice().buffer);
        this.metas.set(meta.key, { ...meta, byteLength: samples.byteLength });
    }
    async manifest(key) {
        return this.manifests.get(key) ?? null;
    }
    async putManifest(key, m) {
        this.manifests.set(key, structuredClone(m));
    }
    async forgetManifest(key) {
        this.manifests.delete(key);
    }
    async has(keys) {
        return new Set(keys.filter((k) => this.metas.has(k)));
    }
}

/** The AudioWorklet's side (as player-worklet.js: starts at generation 0, keeps only the
 *  blocks of the generation the last "flush" named): collects blocks, consumes them at once,
 *  resolves at "end". */
function worklet(session, { consume = true } = {}) {
    const blocks = new Map(); // generation → [Float32Array]
    const waiters = new Map();
    let current = 0;
    const sink = {
        postMessage(message) {
            if (message.type === "flush") current = message.generation;
            if (message.generation !== current) return;
            if (message.type === "block") {
                if (!blocks.has(message.generation)) blocks.set(message.generation, []);
                blocks.get(message.generation).push(message.samples);
                if (consume) {
                    const frames = blocks.get(message.generation).reduce((n, b) => n + b.length, 0);
                    setTimeout(() => session.fromWorklet({ type: "consumed", generation: message.generation, frames }), 0);
                }
            } else if (message.type === "end") {
                waiters.get(message.generation)?.();
                sink.ended.add(message.generation);
            }
        },
        ended: new Set(),
        blocks,
        output(generation = 1) {
            const list = blocks.get(generation) ?? [];
            const out = new Float32Array(list.reduce((n, b) => n + b.length, 0));
            let at = 0;
            for (const b of list) {
                out.set(b, at);
                at += b.length;
            }
            return out;
        },
        end(generation = 1) {
            if (sink.ended.has(generation)) return Promise.resolve();
            return new Promise((resolve) => waiters.set(generation, resolve));
        },
    };
    return sink;
}

function newSession(srv, options = {}) {
    const events = [];
    const session = new Session({
        request, decoder, base: BASE, fetch: srv.fetch, audioRate: AUDIO_RATE, concurrency: 2,
        emit: (e) => events.push(e), ...options,
    });
    session.events = events;
    return session;
}

async function play(srv, options = {}) {
    const session = newSession(srv, options);
    const sink = worklet(session);
    session.attach(sink, AUDIO_RATE);
    await session.start();
    await sink.end(1);
    return { session, sink };
}

test("a /data hit plays exactly the reference output: cut at both ends, silence for the missing span", async () => {
    const srv = server();
    const cache = new MemoryCache();
    const { session, sink } = await play(srv, { cache });
    const out = sink.output(1);
    assert.equal(out.length, expected.length);
    assert.ok(maxAbsDiff(out, expected) < 1e-6, `differs by ${maxAbsDiff(out, expected)}`);
    const missing = pieces.find((p) => p.missing);
    const at = missing.index - pieces[0].index;
    assert.ok(out.subarray(at, at + missing.length).every((v) => v === 0), "the missing span is silence");
    const sizes = sink.blocks.get(1).map((b) => b.length);
    assert.ok(sizes.slice(0, -1).every((n) => n === 1024) && sizes.at(-1) <= 1024, "1024-frame blocks");
    const stats = session.stats();
    assert.equal(stats.source, "hit");
    assert.equal(stats.chunksFetched, 3);
    assert.equal(stats.chunksFromCache, 0);
    assert.deepEqual(stats.missing, [[missing.index, missing.index + missing.length]]);
    assert.deepEqual(srv.chunkFetches().map((p) => p.slice(-28, -8)), manifest.chunks.map((c) => c.key.slice(-28, -8)), "fetched in playback order");
    assert.ok(srv.peak <= 2 && session.queue.maxRunning === 2, `at most 2 chunk loads at once (saw ${srv.peak})`);
    await Promise.all([...session.storing]);
    assert.equal(cache.metas.size, 3, "every chunk mirrored");
    assert.equal([...cache.metas.values()].filter((m) => m.gaps?.length === 1).length, 1, "the mirror keeps where the gap is");
    const tap = await session.tapFrames(5000);
    assert.equal(tap.length, 5000);
    assert.ok(maxAbsDiff(tap, expected.subarray(0, 5000)) < 1e-6);
    const plan = session.events.filter((e) => e.type === "plan").at(-1);
    assert.equal(plan.final, true);
    assert.ok(plan.chunks.some((c) => c.gapCount === 1 && c.gapSamplesFilled === 35), "gap facts reach the page");
    // The fixture's gap: last sample 22:32:00.0, next 22:32:03.6 at 10 Hz: slots 22:32:00.1 .. 22:32:03.5.
    const placed = plan.chunks.find((c) => c.gaps)?.gaps;
    const slot = (iso) => Math.round(Date.parse(iso) / 100);
    assert.deepEqual(placed?.map(({ from, to }) => [from, to]), [[slot("2025-11-04T22:32:00.100Z"), slot("2025-11-04T22:32:03.600Z")]], "where the gap is reaches the page");
    // The overview: min/max of the processed samples per column.
    const min = new Float32Array(1024).fill(NaN);
    const max = new Float32Array(1024).fill(NaN);
    for (const o of session.events.filter((e) => e.type === "overview")) {
        assert.equal(o.width, 1024);
        min.set(o.min, o.from);
        max.set(o.max, o.from);
    }
    const missingAt = [at, at + missing.length];
    for (let b = 0; b < 1024; b++) {
        const lo = Math.ceil((b * expected.length) / 1024);
        const hi = Math.ceil(((b + 1) * expected.length) / 1024);
        if (hi <= missingAt[0] || lo >= missingAt[1]) {
            const part = expected.subarray(lo, hi);
            assert.ok(Math.abs(min[b] - Math.min(...part)) < 1e-6 && Math.abs(max[b] - Math.max(...part)) < 1e-6, `column ${b}`);
        } else if (lo >= missingAt[0] && hi <= missingAt[1]) {
            assert.ok(Number.isNaN(min[b]), `column ${b} is missing: nothing drawn`);
        }
    }
});

test("a worklet attached after the first blocks were made gets them all (the page's AudioContext is slower than a hit)", async () => {
    const session = newSession(server({ latency: 0 }));
    await session.start();
    for (let i = 0; i < 100 && !session.pending.length; i++) await sleep(1);
    assert.ok(session.pending.length > 0, "blocks are waiting for the worklet");
    const sink = worklet(session);
    session.attach(sink, AUDIO_RATE);
    await sink.end(1);
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6);
});

test("the repeat plays from the mirror: no chunk fetched, same output", async () => {
    const cache = new MemoryCache();
    await play(server(), { cache }).then(({ session }) => Promise.all([...session.storing]));
    const srv = server();
    const { session, sink } = await play(srv, { cache });
    assert.deepEqual(srv.chunkFetches(), []);
    assert.equal(session.stats().chunksFromCache, 3, JSON.stringify(session.stats()));
    assert.equal(session.stats().chunksFetched, 0);
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6);
});

/** The fixture manifest of 22:00–22:20 (complete), its chunks at versions `v` (one per chunk). */
function completeManifest(versions = ["a1", "b1"]) {
    const chunks = manifest.chunks.slice(0, 2).map((c, i) => ({ ...c, version: versions[i], url: `${c.url}?v=${versions[i]}` }));
    return { ...manifest, start: "2025-11-04T22:00:00Z", end: "2025-11-04T22:20:00Z", complete: true, chunks };
}

async function rememberedAfterFirstPlay(cache, m) {
    const req = { ...request, start: m.start, end: m.end };
    const first = await play(server({ dataResponse: () => json(m) }), { cache, request: req });
    await first.session.idle();
    for (let i = 0; i < 50 && cache.manifests.size === 0; i++) await sleep(2);
    assert.equal(cache.manifests.size, 1);
    return { req, first };
}

async function revalidated(session) {
    for (let i = 0; i < 200 && session.stats().revalidation === null; i++) await sleep(2);
    return session.stats().revalidation;
}

test("a complete past range is remembered: its repeat plays with no request, then one /data revalidates it", async () => {
    const cache = new MemoryCache();
    const complete = completeManifest();
    const { req, first } = await rememberedAfterFirstPlay(cache, complete);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    // /data answers only after the repeat has played to its end: the repeat never waits for it.
    const srv = server({ dataResponse: () => held.then(() => json(complete)) });
    const again = await play(srv, { cache, request: req });
    assert.deepEqual(again.sink.output(1), first.sink.output(1));
    assert.equal(again.session.stats().source, "indexeddb");
    assert.deepEqual(srv.chunkFetches(), [], "no chunk fetched");
    release();
    assert.equal(await revalidated(again.session), "current");
    assert.deepEqual(srv.log, ["/data?"], "one revalidation, after playing");
    assert.equal(cache.manifests.size, 1, "still remembered");
});

test("a chunk rewritten under the same key (another version) is fetched again and replaces the mirrored copy", async () => {
    const cache = new MemoryCache();
    const before = completeManifest(["a1", "b1"]);
    const req = { ...request, start: before.start, end: before.end };
    await play(server({ dataResponse: () => json(before) }), { cache, request: req, useCache: true })
        .then(({ session }) => session.idle());
    assert.equal(cache.metas.get(before.chunks[1].key).version, "b1");
    // The rewrite: the second chunk's key now holds other bytes (here: the first chunk's samples).
    const after = completeManifest(["a1", "b2"]);
    const rewritten = before.chunks[1].key.split("/").pop();
    const replacement = path.join(dir, before.chunks[0].key.split("/").pop());
    const srv = server({ dataResponse: () => json(after), files: { [rewritten]: () => new Response(fs.readFileSync(replacement)) } });
    // Not the remembered manifest: that path is the next test's.
    cache.manifests.clear();
    const { session } = await play(srv, { cache, request: req });
    await session.idle();
    assert.deepEqual(srv.chunkFetches(), [decodeURIComponent(new URL(after.chunks[1].url, BASE).pathname) + "?"], "only the rewritten chunk, by its versioned URL");
    assert.equal(session.stats().chunksFromCache, 1);
    assert.equal(cache.metas.get(after.chunks[1].key).version, "b2");
    assert.deepEqual(await cache.samples(after.chunks[1].key), await cache.samples(after.chunks[0].key), "the new bytes are mirrored");
});

test("a remembered range whose chunks were rewritten is forgotten after the repeat; the next playback fetches the new version", async () => {
    const cache = new MemoryCache();
    const { req } = await rememberedAfterFirstPlay(cache, completeManifest(["a1", "b1"]));
    const after = completeManifest(["a2", "b1"]);
    const repeat = await play(server({ dataResponse: () => json(after) }), { cache, request: req });
    assert.equal(repeat.session.stats().source, "indexeddb", "this once, the mirror's copy plays");
    assert.equal(await revalidated(repeat.session), "changed");
    assert.equal(cache.manifests.size, 0, "forgotten");
    const srv = server({ dataResponse: () => json(after) });
    const next = await play(srv, { cache, request: req });
    assert.equal(next.session.stats().source, "hit");
    assert.deepEqual(srv.chunkFetches(), [decodeURIComponent(new URL(after.chunks[0].url, BASE).pathname) + "?"]);
    assert.equal(next.session.stats().chunksFromCache, 1);
});

test("an overlapping request answered with a coarser chunk plays from the mirrored ones", async () => {
    const cache = new MemoryCache();
    await play(server(), { cache }).then(({ session }) => Promise.all([...session.storing]));
    // The server now lists one 1h chunk for 22:00–22:15; the mirror has 22:00–22:20 as 10min chunks.
    const hour = { ...manifest.chunks[0], kind: "1h", start: "2025-11-04T22:00:00Z", end: "2025-11-04T23:00:00Z", samples: 36000, key: "data/x/HV_TEST__HHZ_10Hz_hour.bin.zst", url: "/files/data/x/HV_TEST__HHZ_10Hz_hour.bin.zst" };
    const overlapping = { ...manifest, start: "2025-11-04T22:00:00Z", end: "2025-11-04T22:15:00Z", complete: true, chunks: [hour] };
    const srv = server({ dataResponse: () => json(overlapping) });
    const { session, sink } = await play(srv, { cache, request: { ...request, start: overlapping.start, end: overlapping.end } });
    assert.deepEqual(srv.chunkFetches(), [], "the hour chunk is not fetched");
    assert.equal(session.stats().chunksFromCache, 2);
    // Reference: the two mirrored chunks' first 15 minutes processed at once.
    const a = await cache.samples(manifest.chunks[0].key);
    const b = await cache.samples(manifest.chunks[1].key);
    const x = new Int32Array(9000);
    x.set(a);
    x.set(b.subarray(0, 3000), 6000);
    const y = new Float32Array(9000);
    new SeismicProcessor({ rate: 10, normalization: overlapping.normalization }).process(x, y);
    assert.deepEqual(sink.output(1), y);
});

test("a streamed miss: metadata used at once, chunks as their lines arrive, playing before the manifest", async () => {
    const lines = [
        { event: "metadata", metadata: { sample_rate: 10, format: "int32", start: manifest.start, end: manifest.end, normalization: manifest.normalization, chunks_planned: 4, total_samples: expected.length } },
        { event: "chunk", chunk: manifest.chunks[0] },
        { event: "chunk", chunk: manifest.chunks[1] },
        { event: "chunk_skipped", kind: "10min", start: "2025-11-04T22:20:00Z", end: "2025-11-04T22:30:00Z", reason: "incomplete: 12.5% of the samples" },
        { event: "chunk", chunk: manifest.chunks[2] },
        { event: "manifest", manifest },
    ];
    const bytes = new TextEncoder().encode(lines.map((l) => JSON.stringify(l)).join("\n"));
    const manifestAt = bytes.lastIndexOf(new TextEncoder().encode('{"event":"manifest"')[0]);
    let release;
    const held = new Promise((resolve) => (release = resolve));
    let sinkRef;
    const srv = server({
        dataResponse: () => {
            let step = 0;
            const body = new ReadableStream({
                async pull(controller) {
                    // Pieces that split lines; the manifest line waits until audio is flowing.
                    const cuts = [0, 37, 400, 1201, manifestAt - 5, bytes.length];
                    if (step === cuts.length - 2) await held;
                    if (step >= cuts.length - 1) return controller.close();
                    controller.enqueue(bytes.subarray(cuts[step], cuts[step + 1]));
                    step += 1;
                    await sleep(2);
                },
            });
            return new Response(body, { headers: { "Content-Type": "application/x-ndjson" } });
        },
    });
    const session = newSession(srv);
    const sink = worklet(session);
    sinkRef = sink;
    session.attach(sink, AUDIO_RATE);
    const started = session.start();
    for (let i = 0; i < 200 && !(sinkRef.blocks.get(1)?.length > 0); i++) await sleep(2);
    assert.ok(sinkRef.blocks.get(1)?.length > 0, "blocks flow before the manifest line arrived");
    assert.equal(session.finished, false);
    release();
    await started;
    await sink.end(1);
    assert.equal(session.stats().source, "miss");
    assert.deepEqual(session.stats().generation, { planned: 4, generated: 3, skipped: 1 });
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6);
});

test("seeking resumes the filter exactly; speed 2 plays the mean of sample pairs", async () => {
    const { session, sink } = await play(server());
    for (let i = 0; i < 100 && session.stats().analyzed < expected.length; i++) await sleep(2);
    const first = pieces[0].index;
    const seekTo = pieces[1].index + 3; // just inside the second chunk: the filter state matters
    session.seek(seekTo);
    await sink.end(2);
    const after = sink.output(2);
    assert.equal(after.length, expected.length - (seekTo - first));
    assert.ok(maxAbsDiff(after, expected.subarray(seekTo - first)) < 1e-6);
    // Inside the chunk after the missing span: the saved state there is a restart.
    const afterGap = pieces[3].index + 777;
    session.seek(afterGap);
    await sink.end(3);
    assert.ok(maxAbsDiff(sink.output(3), expected.subarray(afterGap - first)) < 1e-6, "seek after the missing span");
    const fast = await play(server(), { speed: 2 });
    const out = fast.sink.output(1);
    assert.equal(out.length, Math.ceil(expected.length / 2));
    const pairs = Array.from({ length: out.length }, (_, j) => {
        const a = expected[2 * j];
        const b = expected[2 * j + 1];
        return Math.fround(b === undefined ? a : (a + b) / 2);
    });
    assert.ok(maxAbsDiff(out, pairs) < 1e-6);
});

test("failing chunks: a 404 and a corrupt frame become silence; a bad request is a fatal error", async () => {
    const broken = manifest.chunks[2].key.split("/").pop();
    const gone = manifest.chunks[0].key.split("/").pop();
    const srv = server({ files: { [broken]: () => new Response(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3])), [gone]: () => new Response("gone", { status: 404 }) } });
    const { session, sink } = await play(srv);
    const out = sink.output(1);
    assert.equal(out.length, expected.length);
    assert.equal(session.stats().chunksFailed, 2);
    assert.ok(out.subarray(0, pieces[0].length).every((v) => v === 0));
    assert.ok(out.subarray(expected.length - pieces[3].length).every((v) => v === 0));
    assert.ok(out.subarray(pieces[0].length, pieces[0].length + pieces[1].length).some((v) => v !== 0));
    assert.equal(srv.chunkFetches().filter((p) => p.endsWith(gone)).length, 1, "a 404 is not retried");
    const warnings = session.events.filter((e) => e.type === "warning").map((e) => e.message).join("\n");
    assert.match(warnings, /HTTP 404/);

    const bad = server({ dataResponse: () => json({ error: "station code \"U W\" must be 1–5 characters", field: "station" }, 400) });
    const s = newSession(bad);
    await s.start();
    const error = s.events.find((e) => e.type === "error");
    assert.match(error.message, /station.*\(station\)/);
    assert.equal(error.fatal, true);
});

test("over the memory budget, decoded chunks are dropped and read again from the mirror", async () => {
    const cache = new MemoryCache();
    const { session, sink } = await play(server(), { cache, memoryBudget: 30_000 });
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6, "playback unaffected");
    for (let i = 0; i < 100 && session.stats().analyzed < expected.length; i++) await sleep(2);
    await Promise.all([...session.storing]);
    session.seek(pieces[0].index + 10); // forces the evicted first chunk back
    await sink.end(2);
    const evicted = [...session.records.values()].filter((r) => r.inCache && r.origin === "indexeddb");
    assert.ok(evicted.length > 0, "a dropped chunk came back from the mirror");
    assert.ok(session.stats().chunksFromCache > 0);
    assert.ok(maxAbsDiff(sink.output(2), expected.subarray(10)) < 1e-6);
});

test("a transient chunk failure is retried", async () => {
    const name = manifest.chunks[1].key.split("/").pop();
    let calls = 0;
    const srv = server({
        files: {
            [name]: () => (++calls === 1 ? new Response("busy", { status: 503 }) : new Response(fs.readFileSync(path.join(dir, name)))),
        },
    });
    const { session, sink } = await play(srv);
    assert.equal(calls, 2);
    assert.equal(session.stats().retries, 1);
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6);
});

test("the spectrogram is SciPy's of the samples that played (spectrogram.js is checked against SciPy)", async () => {
    const { session, sink } = await play(server());
    for (let i = 0; i < 200 && session.stats().analyzed < expected.length; i++) await sleep(2);
    const result = await session.spectrogram();
    const reference = new Spectrogram({ ...spectrogramParameters(10, expected.length), total: expected.length });
    reference.push(sink.output(1), expected.length);
    assert.equal(result.window, "hann");
    assert.deepEqual(result.power, reference.result().power);
    assert.equal(result.computed, result.columns);
    const pictures = session.events.filter((e) => e.type === "spectrogram");
    assert.ok(pictures.length >= 1 && pictures.at(-1).from + pictures.at(-1).db.length / pictures.at(-1).bins === pictures.at(-1).columns);
});

test("from the mirror, playback starts from the chunk's head while the rest is read; the output is unchanged", async () => {
    const cache = new MemoryCache();
    await play(server(), { cache }).then(({ session }) => Promise.all([...session.storing]));
    // The first chunk's first 5 000 samples (of 6 000; the request starts at its sample 3 050)
    // read at once, the whole chunk only when released.
    const HEAD = 5000;
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const reads = [];
    cache.head = async (key) => new Int32Array(cache.data.get(key).slice(0, HEAD * 4));
    const whole = cache.samples.bind(cache);
    cache.samples = async (key) => {
        reads.push(key);
        await held;
        return whole(key);
    };
    const srv = server();
    const session = newSession(srv, { cache });
    const sink = worklet(session);
    session.attach(sink, AUDIO_RATE);
    const started = session.start();
    const chunkFirst = Math.round(Date.parse(manifest.chunks[0].start) / 100);
    for (let i = 0; i < 200 && session.run?.cursor !== chunkFirst + HEAD; i++) await sleep(2);
    assert.equal(session.run.cursor, chunkFirst + HEAD, "the head is played up to its end");
    assert.equal(session.analysis.cursor, chunkFirst + HEAD, "and analysed");
    assert.equal(sink.output(1).length, 1024, "its whole blocks are sent before the chunk is read");
    assert.equal(reads.length, 1, "one chunk read, not answered yet");
    assert.ok(session.stats().timings.firstHeadMs !== undefined);
    release();
    await started;
    await sink.end(1);
    await session.idle();
    assert.deepEqual(srv.chunkFetches(), []);
    assert.equal(session.stats().chunksFromCache, 3);
    assert.ok(maxAbsDiff(sink.output(1), expected) < 1e-6);
    // The analysis pass read the head too: its spectrogram is that of the samples played.
    for (let i = 0; i < 200 && session.stats().analyzed < expected.length; i++) await sleep(2);
    const reference = new Spectrogram({ ...spectrogramParameters(10, expected.length), total: expected.length });
    reference.push(sink.output(1), expected.length);
    assert.deepEqual((await session.spectrogram()).power, reference.result().power);
});

test("a remembered range starts reading the chunk it begins in (head and samples) before the playback is set up", async () => {
    const cache = new MemoryCache();
    const complete = completeManifest();
    const { req, first } = await rememberedAfterFirstPlay(cache, complete);
    const reads = [];
    let session = null;
    const whole = cache.samples.bind(cache);
    cache.samples = async (key) => {
        reads.push({ what: "samples", key, configured: !!session?.grid });
        return whole(key);
    };
    cache.head = async (key) => {
        reads.push({ what: "head", key, configured: !!session?.grid });
        return null; // no head mirrored: the whole chunk is used
    };
    session = newSession(server(), { cache, request: req });
    const sink = worklet(session);
    session.attach(sink, AUDIO_RATE);
    await session.start();
    await sink.end(1);
    // The request starts in the first listed chunk: its head read first, before the grid
    // existed, then its samples; once.
    assert.deepEqual(reads[0], { what: "head", key: complete.chunks[0].key, configured: false });
    assert.deepEqual({ ...reads[1], configured: undefined }, { what: "samples", key: complete.chunks[0].key, configured: undefined });
    assert.equal(reads.filter((r) => r.key === complete.chunks[0].key).length, 2, "the load used those reads");
    assert.deepEqual(sink.output(1), first.sink.output(1));
});
