// One playback of one request, run inside the decoding Worker (worker.js): get the manifest
// (IndexedDB, a /data hit, or a streamed miss), load the chunks in playback order with
// bounded parallelism (IndexedDB first, else fetch + libzstd + store in IndexedDB), process
// them (filter.js) in time order, audify them at the chosen speed and send 1024-frame blocks
// to the AudioWorklet with flow control. A second, independent pass over the same samples
// builds the waveform overview (min/max per pixel of the processed signal) and remembers the
// filter state at every segment start, so a seek resumes the filter exactly.
//
// No DOM: everything outside (fetch, the decoder, the cache, the worklet's port, the events
// for the page) is passed in, so Node's tests run a whole session against fixtures.

import { SeismicProcessor, normalizationDivisor } from "./filter.js";
import { Audifier, BlockFramer } from "./audify.js";
import { SampleGrid, CoveragePlan, FetchQueue, describeChunk, parseTime, dataQuery } from "./planner.js";
import { readNDJSON } from "./ndjson.js";
import { channelId, manifestKey, sameVersion } from "./chunk-cache.js";

const MISSING = Symbol("missing");
const SLICE = 1 << 16;             // samples processed per step before yielding
const RETRIES = 3;

const wallClock = () => performance.timeOrigin + performance.now();

export class Session {
    /**
     * @param {object} o
     * @param {object} o.request      {network, volcano, station, location, channel, start?, end?, duration?}
     * @param {number} [o.speed=1]    seismic samples per audio frame
     * @param {number} [o.overviewWidth=1024] overview buckets (canvas pixels)
     * @param {number} [o.tapCapacity] frames recorded for tap()
     * @param {import('./zstd.js').ZstdDecoder} o.decoder
     * @param {import('./chunk-cache.js').ChunkCache|null} [o.cache]
     * @param {Function} [o.fetch]    fetch implementation
     * @param {string|URL} o.base     base URL of the API (the page's origin)
     * @param {(event: object, transfer?: Transferable[]) => void} [o.emit] events for the page
     * @param {number} [o.concurrency=4] chunk loads at a time
     * @param {number} [o.audioRate=48000] frames per second of the AudioContext
     * @param {number} [o.t0]         wall-clock ms of the press (timings are relative to it)
     */
    constructor(o) {
        this.id = o.id ?? 1;
        this.request = o.request;
        this.speed = o.speed ?? 1;
        this.overviewWidth = Math.max(1, Math.floor(o.overviewWidth ?? 1024));
        this.tapCapacity = o.tapCapacity ?? 1 << 20;
        this.decoder = o.decoder;
        this.cache = o.cache ?? null;
        this.fetch = o.fetch ?? ((...args) => fetch(...args));
        this.base = o.base;
        this.emit = o.emit ?? (() => {});
        this.concurrency = o.concurrency ?? 4;
        this.audioRate = o.audioRate ?? 48000;
        this.memoryBudget = o.memoryBudget ?? 256 * 1024 * 1024;
        this.now = o.now ?? wallClock;
        this.t0 = o.t0 ?? this.now();
        this.useCache = o.useCache !== false;

        this.abort = new AbortController();
        this.source = null;        // "hit" | "miss" | "indexeddb"
        this.revalidation = null;  // a remembered manifest checked with /data: "current" | "changed" | "unknown"
        this.grid = null;
        this.plan = null;
        this.normalization = null;
        this.records = new Map();  // key → {desc, origin, state, data, segments}
        this.cachedMetas = new Map();
        this.progress = { planned: null, generated: 0, skipped: 0, totalSamples: null };
        this.error = null;
        this.finished = false;     // the manifest is final
        this.stopped = false;
        this.timings = {};
        this.counts = { fetched: 0, fromCache: 0, stored: 0, failed: 0, bytesFetched: 0, retries: 0 };
        this.decode = { ms: 0, bytes: 0, chunks: 0 };
        this.filter = { ms: 0, samples: 0 };
        this.memoryBytes = 0;
        this.storing = new Set();

        // Network loads run `concurrency` at a time; IndexedDB reads one at a time (the
        // database serializes them anyway, and the chunk needed first is then ready first).
        const queue = (limit) => new FetchQueue({
            limit,
            load: (record) => this.#load(record),
            priority: (record) => this.#priority(record),
            onSettled: (record, error) => this.#loaded(record, error),
        });
        this.queue = queue(this.concurrency);
        this.cacheQueue = queue(1);

        this.sink = null;          // the worklet's MessagePort (or a test double)
        this.pending = [];         // blocks made before the sink was attached
        this.generation = 0;
        this.sentFrames = 0;
        this.consumedFrames = 0;
        this.run = null;
        this.analysis = null;
        this.tap = { buffer: null, length: 0, open: true, waiters: [] };
        this.advancing = false;
        this.advanceAgain = false;
        this.configuredWaiters = [];
    }

    // ---- public ----

    /** Gets the manifest and drives everything; resolves when the manifest is final. */
    async start() {
        this.#mark("start");
        try {
            const req = this.request;
            const explicit = req.start && req.end;
            let cached = null;
            if (this.cache && this.useCache && explicit) {
                this.cachedMetasPromise = this.cache
                    .chunksOverlapping(channelId(req), Date.parse(req.start), Date.parse(req.end))
                    .catch(() => []);
                cached = await this.cache.manifest(manifestKey(req, req.start, req.end)).catch(() => null);
                if (cached) {
                    const metas = await this.cachedMetasPromise;
                    const have = new Map(metas.map((m) => [m.key, m]));
                    if (!cached.chunks.every((c) => have.has(c.key) && sameVersion(have.get(c.key), c))) cached = null;
                }
            }
            if (cached) {
                this.source = "indexeddb";
                this.#mark("manifest");
                await this.#configure(cached);
                this.#addChunks(cached.chunks);
                this.#finish(cached);
                // Plays at once from the mirror; then asks /data whether the range was
                // rewritten since (a forced backfill), so the next playback is not stale.
                this.idle().then(() => this.#revalidate(cached)).catch(() => {});
            } else {
                await this.#requestData();
            }
        } catch (error) {
            if (!this.stopped) this.#fail(error);
        }
    }

    /** Connects the AudioWorklet's port; blocks made so far go out now. */
    attach(sink, audioRate) {
        this.sink = sink;
        if (audioRate) this.audioRate = audioRate;
        // The worklet starts at generation 0: tell it the current one before its blocks.
        if (this.generation > 0) sink.postMessage({ type: "flush", generation: this.generation });
        for (const [message, transfer] of this.pending) sink.postMessage(message, transfer);
        this.pending = [];
        this.#advance();
    }

    /** A message from the worklet. */
    fromWorklet(message) {
        if (message.generation !== this.generation) return;
        if (message.type === "consumed") {
            this.consumedFrames = message.frames;
            this.#advance();
        } else if (message.type === "started" && this.timings.firstAudio === undefined) {
            this.#mark("firstAudio");
            this.#emitStats();
        } else if (message.type === "ended") {
            this.emit({ type: "ended", id: this.id });
        }
    }

    /** Plays from a grid index (click on the overview). */
    seek(index) {
        if (!this.grid) return;
        const at = Math.min(Math.max(Math.round(index), this.grid.first), Math.max(this.grid.first, this.grid.last - 1));
        this.#startRun(at, this.speed);
    }

    /** Changes the speed, continuing from what is playing now. */
    setSpeed(speed) {
        if (!(speed > 0)) return;
        this.speed = speed;
        if (this.run) this.#startRun(this.position(), speed);
    }

    /** The grid index playing now (from the frames the worklet consumed). */
    position() {
        if (!this.run) return this.grid ? this.grid.first : 0;
        const at = this.run.startIndex + Math.floor(this.consumedFrames * this.run.speed);
        return Math.min(at, this.grid.last);
    }

    stop() {
        this.stopped = true;
        this.abort.abort();
        this.queue.close();
        this.cacheQueue.close();
        if (this.sink) this.sink.postMessage({ type: "stop", generation: this.generation });
        for (const r of this.records.values()) r.data = null;
        this.memoryBytes = 0;
        if (this.yieldChannel) {
            this.yieldChannel.port1.close();
            this.yieldChannel.port2.close();
        }
        this.#resolveTaps(true);
    }

    /** The first n frames sent to the worklet (at speed 1: y[0..n)). */
    tapFrames(n) {
        return new Promise((resolve) => {
            this.tap.waiters.push({ n, resolve });
            this.#resolveTaps(false);
        });
    }

    /** Resolves once the grid and normalization are known. */
    configured() {
        if (this.grid) return Promise.resolve();
        return new Promise((resolve) => this.configuredWaiters.push(resolve));
    }

    stats() {
        const rel = {};
        for (const [k, v] of Object.entries(this.timings)) rel[`${k}Ms`] = Math.round((v - this.t0) * 10) / 10;
        return {
            id: this.id,
            source: this.source,
            revalidation: this.revalidation,
            error: this.error,
            rate: this.grid?.rate ?? null,
            start: this.grid ? this.startText : null,
            end: this.grid ? this.endText : null,
            totalSamples: this.grid?.total ?? null,
            normalization: this.normalization,
            final: this.finished,
            chunks: this.records.size,
            chunksNeeded: [...this.records.values()].filter((r) => r.segments.length > 0).length,
            // Of the chunks this playback needs (known so far), where they come from —
            // loaded already or still queued: the answer to "did the repeat fetch anything?".
            chunksFromNetwork: [...this.records.values()].filter((r) => r.segments.length > 0 && r.origin === "network").length,
            chunksFromIndexedDB: [...this.records.values()].filter((r) => r.segments.length > 0 && r.origin === "indexeddb").length,
            chunksFetched: this.counts.fetched,
            chunksFromCache: this.counts.fromCache,
            chunksStored: this.counts.stored,
            chunksFailed: this.counts.failed,
            bytesFetched: this.counts.bytesFetched,
            retries: this.counts.retries,
            generation: { planned: this.progress.planned, generated: this.progress.generated, skipped: this.progress.skipped },
            missing: this.plan ? this.plan.missingSpans().map((s) => [s.from, s.to]) : [],
            decodeMs: round(this.decode.ms),
            decodeMBps: this.decode.ms > 0 ? round(this.decode.bytes / 1e6 / (this.decode.ms / 1e3)) : null,
            filterMs: round(this.filter.ms),
            filterMsps: this.filter.ms > 0 ? round(this.filter.samples / 1e6 / (this.filter.ms / 1e3)) : null,
            framesSent: this.sentFrames,
            framesConsumed: this.consumedFrames,
            speed: this.speed,
            position: this.grid ? this.position() : null,
            analyzed: this.analysis ? this.analysis.cursor - this.grid.first : 0,
            maxConcurrentLoads: this.queue.maxRunning,
            maxConcurrentCacheReads: this.cacheQueue.maxRunning,
            memoryBytes: this.memoryBytes,
            timings: rel,
        };
    }

    // ---- the manifest ----

    async #requestData() {
        const url = new URL(`/data?${dataQuery(this.request)}`, this.base);
        const response = await this.fetch(url, { signal: this.abort.signal });
        this.#mark("response");
        if (!response.ok) {
            let message = `HTTP ${response.status}`;
            try {
                const body = await response.json();
                if (body.error) message = `${body.error}${body.field ? ` (${body.field})` : ""}`;
            } catch {
                // not JSON
            }
            throw new Error(`/data: ${message}`);
        }
        const type = response.headers.get("Content-Type") || "";
        if (type.startsWith("application/x-ndjson")) {
            this.source = "miss";
            this.emit({ type: "status", id: this.id, source: "miss" });
            let final = false;
            await readNDJSON(response.body, (event) => {
                if (this.stopped) return;
                if (event.event === "manifest" || event.event === "error") final = true;
                this.#onEvent(event);
            });
            if (!final && !this.stopped) throw new Error("the /data stream ended before its manifest");
        } else {
            this.source = "hit";
            const manifest = await response.json();
            this.#mark("manifest");
            await this.#configure(manifest);
            this.#addChunks(manifest.chunks);
            this.#finish(manifest);
        }
    }

    #onEvent(event) {
        switch (event.event) {
            case "metadata":
                this.#mark("metadata");
                this.progress.planned = event.metadata.chunks_planned ?? null;
                this.progress.totalSamples = event.metadata.total_samples ?? null;
                this.configurePromise = this.#configure(event.metadata);
                this.configurePromise.then(() => {
                    if (event.metadata.chunks) this.#addChunks(event.metadata.chunks);
                });
                break;
            case "chunk":
                this.progress.generated += 1;
                if (this.timings.firstChunkLine === undefined) this.#mark("firstChunkLine");
                this.#afterConfigure(() => this.#addChunks([event.chunk]));
                break;
            case "chunk_skipped":
                this.progress.skipped += 1;
                this.#afterConfigure(() => {
                    const from = this.grid.index(parseTime(event.start));
                    const to = this.grid.index(parseTime(event.end));
                    this.plan.markMissing(from, to);
                    this.#emitPlan();
                    this.#advance();
                });
                break;
            case "manifest":
                this.#mark("manifest");
                this.#afterConfigure(() => {
                    this.#addChunks(event.manifest.chunks);
                    this.#finish(event.manifest);
                }, event.manifest);
                break;
            case "error":
                this.error = event.error;
                this.#afterConfigure(() => this.#finish(null));
                this.emit({ type: "error", id: this.id, message: `generation failed: ${event.error}`, fatal: this.records.size === 0 });
                break;
            default:
                break;
        }
        this.#emitStats();
    }

    /** Runs `fn` once configured (a manifest line may be the first to configure). */
    #afterConfigure(fn, manifest) {
        if (!this.configurePromise && manifest) this.configurePromise = this.#configure(manifest);
        if (!this.configurePromise) {
            if (!this.grid) return; // an error before any metadata: nothing to plan
        }
        (this.configurePromise ?? Promise.resolve()).then(() => {
            if (!this.stopped && this.grid) fn();
        });
    }

    async #configure(info) {
        if (this.grid) return;
        const rate = Number(info.sample_rate);
        const start = parseTime(info.start);
        const end = parseTime(info.end);
        this.startText = info.start;
        this.endText = info.end;
        this.grid = new SampleGrid(rate, start, end);
        this.plan = new CoveragePlan(this.grid);
        this.normalization = info.normalization ?? null;
        if (this.cache && this.useCache) {
            const metas = await (this.cachedMetasPromise ??
                this.cache.chunksOverlapping(channelId(this.request), start * 1000, end * 1000).catch(() => []));
            for (const m of metas) if (m.sampleRate === rate) this.cachedMetas.set(m.key, m);
        }
        this.tap.buffer = new Float32Array(Math.min(this.tapCapacity, Math.max(1, Math.ceil(this.grid.total / this.speed) + 1)));
        this.overview = {
            min: new Float32Array(this.overviewWidth).fill(NaN),
            max: new Float32Array(this.overviewWidth).fill(NaN),
            dirtyLo: Infinity,
            dirtyHi: -Infinity,
            lastEmit: 0,
        };
        this.emit({
            type: "configured",
            id: this.id,
            source: this.source,
            rate,
            start: info.start,
            end: info.end,
            first: this.grid.first,
            total: this.grid.total,
            normalization: this.normalization,
            chunksPlanned: this.progress.planned,
            totalSamples: this.progress.totalSamples,
        });
        for (const resolve of this.configuredWaiters) resolve();
        this.configuredWaiters = [];
        if (this.normalization) this.#startProcessing();
    }

    #startProcessing() {
        if (this.analysis) return;
        this.analysis = {
            cursor: this.grid.first,
            processor: new SeismicProcessor({ rate: this.grid.rate, normalization: this.normalization }),
            checkpoints: new Map(),
            scratch: new Float32Array(SLICE),
        };
        this.#startRun(this.grid.first, this.speed);
    }

    #finish(manifest) {
        if (this.finished) return;
        if (manifest && !this.normalization) this.normalization = manifest.normalization ?? null;
        if (!this.normalization) {
            // No range from the server: the chunks' own min/max (or silence stays silence).
            let lo = Infinity;
            let hi = -Infinity;
            for (const r of this.records.values()) {
                lo = Math.min(lo, r.desc.min);
                hi = Math.max(hi, r.desc.max);
            }
            this.normalization = Number.isFinite(lo) ? { global_min: lo, global_max: hi } : { global_min: 0, global_max: 0 };
        }
        this.plan.finish();
        this.finished = true;
        this.#startProcessing();
        if (manifest && this.cache && this.useCache && this.source !== "indexeddb") this.#rememberManifest(manifest);
        this.#emitPlan();
        this.#emitStats();
        this.#advance();
    }

    /**
     * Asks /data about a range played from a remembered manifest. When the server now lists
     * other chunks or other versions (a rewrite), or no longer holds the whole range, the
     * remembered manifest is forgotten: the next playback asks /data and fetches what changed.
     */
    async #revalidate(remembered) {
        if (this.stopped) return;
        const req = this.request;
        let outcome = "unknown";
        try {
            const response = await this.fetch(new URL(`/data?${dataQuery(req)}`, this.base), { signal: this.abort.signal });
            const type = response.headers.get("Content-Type") || "";
            if (response.ok && type.startsWith("application/json")) {
                const fresh = await response.json();
                const names = (m) => m.chunks.map((c) => `${c.key}#${c.version ?? ""}`).join("\n");
                outcome = fresh.complete && names(fresh) === names(remembered) ? "current" : "changed";
            } else {
                // A miss: the store no longer holds the range. An error: nothing learnt.
                if (response.ok) outcome = "changed";
                await response.body?.cancel().catch(() => {});
            }
            if (outcome === "changed") await this.cache.forgetManifest(manifestKey(req, req.start, req.end));
        } catch {
            outcome = "unknown";
        }
        if (this.stopped) return;
        this.revalidation = outcome;
        this.#emitStats();
    }

    /** Keeps a complete manifest of an explicit range, so a repeat needs no /data request. */
    #rememberManifest(manifest) {
        const req = this.request;
        if (!manifest.complete || !req.start || !req.end) return;
        if (parseTime(manifest.start) !== parseTime(req.start) || parseTime(manifest.end) !== parseTime(req.end)) return;
        const keys = manifest.chunks.map((c) => c.key);
        // Only once every chunk is in IndexedDB (stores finish after the loads).
        const check = async () => {
            await Promise.all([...this.storing]);
            const present = await this.cache.has(keys);
            if (keys.every((k) => present.has(k))) await this.cache.putManifest(manifestKey(req, req.start, req.end), manifest);
        };
        this.idle().then(check).catch(() => {});
    }

    // ---- chunks ----

    #addChunks(entries) {
        if (!entries || !this.grid) return;
        let changed = false;
        for (const entry of entries) {
            const desc = describeChunk(entry, this.grid);
            if (this.records.has(desc.key)) continue;
            let cachedMeta = this.cachedMetas.get(desc.key);
            if (cachedMeta && !sameVersion(cachedMeta, desc)) {
                // Rewritten since it was mirrored: fetch the new bytes (they replace the old).
                this.cachedMetas.delete(desc.key);
                cachedMeta = undefined;
            }
            if (!cachedMeta && this.#coverFromCache(desc)) {
                changed = true;
                continue;
            }
            const record = this.#record(desc, cachedMeta ? "indexeddb" : "network");
            record.segments = this.plan.add(record, desc.first, desc.samples);
            if (record.segments.length) this.#enqueue(record);
            changed = true;
        }
        if (changed) {
            this.#emitPlan();
            this.#advance();
        }
    }

    #enqueue(record) {
        (record.origin === "indexeddb" ? this.cacheQueue : this.queue).add(record);
    }

    /** Resolves when no load is queued or running. */
    async idle() {
        await Promise.all([this.queue.idle(), this.cacheQueue.idle()]);
        await Promise.all([...this.storing]);
    }

    #record(desc, origin) {
        const record = { desc, origin, state: "queued", data: null, segments: [], attempts: 0 };
        this.records.set(desc.key, record);
        return record;
    }

    /** A chunk not in IndexedDB whose needed samples other stored chunks hold (an overlapping
     *  request answered with a coarser chunk): use those instead of fetching it. */
    #coverFromCache(desc) {
        if (this.cachedMetas.size === 0) return false;
        const lo = Math.max(desc.first, this.grid.first);
        const hi = Math.min(desc.first + desc.samples, this.grid.last);
        if (hi <= lo) return false;
        const metas = [...this.cachedMetas.values()]
            .filter((m) => !this.records.has(m.key))
            .map((m) => ({ m, first: this.grid.chunkIndex(m.startMs / 1000) }))
            .filter(({ m, first }) => first < hi && first + m.samples > lo)
            .sort((a, b) => a.first - b.first);
        let cursor = lo;
        for (const { m, first } of metas) {
            if (first > cursor) break;
            cursor = Math.max(cursor, first + m.samples);
            if (cursor >= hi) break;
        }
        if (cursor < hi) return false;
        for (const { m } of metas) {
            const cover = {
                key: m.key, url: m.url, kind: m.kind, start: m.start, end: m.end,
                startSeconds: m.startMs / 1000, endSeconds: m.endMs / 1000,
                first: this.grid.chunkIndex(m.startMs / 1000), samples: m.samples, min: m.min, max: m.max,
                gapCount: m.gapCount ?? 0, gapSamplesFilled: m.gapSamplesFilled ?? 0,
                edgeFilledSamples: m.edgeFilledSamples ?? 0, compressedBytes: m.compressedBytes ?? null,
                version: m.version ?? null,
            };
            const record = this.#record(cover, "indexeddb");
            record.segments = this.plan.add(record, Math.max(cover.first, lo), Math.min(cover.first + cover.samples, hi) - Math.max(cover.first, lo));
            if (record.segments.length) this.#enqueue(record);
        }
        return true;
    }

    #priority(record) {
        // Playback order: what the player needs next first, then the rest of the request
        // ahead of it, then what lies behind the playhead (for the overview).
        const at = this.run ? this.run.cursor : this.grid.first;
        const first = Math.max(record.desc.first, this.grid.first);
        const end = record.desc.first + record.desc.samples;
        if (end > at) return Math.max(0, first - at);
        return this.grid.total + first;
    }

    async #load(record) {
        if (this.stopped) return;
        record.state = "loading";
        const started = this.now();
        if (record.origin === "indexeddb" && this.cache) {
            const data = await this.cache.samples(record.desc.key).catch(() => null);
            if (data && data.length === record.desc.samples) {
                record.data = data;
                record.inCache = true;
                record.loadMs = this.now() - started;
                this.counts.fromCache += 1;
                return;
            }
            record.origin = "network"; // gone from the mirror: fetch it
        }
        if (!record.desc.url) throw new Error(`chunk ${record.desc.key} has no URL`);
        const url = new URL(record.desc.url, this.base);
        for (;;) {
            try {
                const response = await this.fetch(url, { signal: this.abort.signal });
                if (!response.ok) {
                    const error = new Error(`HTTP ${response.status} for ${record.desc.key}`);
                    error.retry = response.status >= 500 || response.status === 429;
                    throw error;
                }
                const bytes = new Uint8Array(await response.arrayBuffer());
                this.counts.fetched += 1;
                this.counts.bytesFetched += bytes.byteLength;
                const t = this.now();
                const data = this.decoder.decompressInt32(bytes);
                const ms = this.now() - t;
                this.decode.ms += ms;
                this.decode.bytes += data.byteLength;
                this.decode.chunks += 1;
                if (data.length !== record.desc.samples) {
                    throw new Error(`chunk ${record.desc.key} holds ${data.length} samples, the manifest says ${record.desc.samples}`);
                }
                record.data = data;
                record.decodeMs = ms;
                record.loadMs = this.now() - started;
                this.#store(record);
                return;
            } catch (error) {
                if (this.stopped) return;
                record.attempts += 1;
                const transient = error.retry !== false && error.name !== "ZstdError" && !/holds \d+ samples/.test(error.message);
                if (!transient || record.attempts >= RETRIES) throw error;
                this.counts.retries += 1;
                await new Promise((r) => setTimeout(r, 200 * 2 ** (record.attempts - 1)));
            }
        }
    }

    #store(record) {
        if (!this.cache || !this.useCache) return;
        const d = record.desc;
        const meta = {
            key: d.key, channel: channelId(this.request), volcano: this.request.volcano,
            network: this.request.network, station: this.request.station, location: this.request.location ?? "",
            channelCode: this.request.channel, kind: d.kind, start: d.start, end: d.end,
            startMs: d.startSeconds * 1000, endMs: d.endSeconds * 1000, year: new Date(d.startSeconds * 1000).getUTCFullYear(),
            month: new Date(d.startSeconds * 1000).getUTCMonth() + 1, sampleRate: this.grid.rate, samples: d.samples,
            min: d.min, max: d.max, gapCount: d.gapCount, gapSamplesFilled: d.gapSamplesFilled,
            edgeFilledSamples: d.edgeFilledSamples, compressedBytes: d.compressedBytes, url: d.url,
            version: d.version ?? null,
        };
        const p = this.cache
            .put(meta, record.data)
            .then(() => {
                this.counts.stored += 1;
                record.inCache = true;
                this.#emitStats();
            })
            .catch((error) => this.emit({ type: "warning", id: this.id, message: `IndexedDB: ${error?.message ?? error}` }))
            .finally(() => this.storing.delete(p));
        this.storing.add(p);
    }

    #loaded(record, error) {
        if (this.stopped) return;
        if (error) {
            record.state = "failed";
            this.counts.failed += 1;
            this.emit({ type: "warning", id: this.id, message: `chunk ${record.desc.key}: ${error.message}` });
        } else if (record.data) {
            record.state = "ready";
            record.lastUsed = this.now();
            this.memoryBytes += record.data.byteLength;
            if (this.timings.firstChunk === undefined) this.#mark("firstChunk");
        }
        this.emit({
            type: "chunk", id: this.id, key: record.desc.key, state: record.state, origin: record.origin,
            loadMs: record.loadMs ?? null, decodeMs: record.decodeMs ?? null,
        });
        this.#emitStats();
        this.#advance();
    }

    /** The samples of a segment: an Int32Array, MISSING (silence), or null (not loaded yet). */
    #data(segment) {
        const record = segment.source;
        if (record === null || record.state === "failed") return MISSING;
        if (record.state === "ready") {
            record.lastUsed = this.now();
            return record.data;
        }
        if (record.state === "evicted") {
            record.state = "queued";
            if (record.inCache) record.origin = "indexeddb";
            this.#enqueue(record);
        }
        return null;
    }

    /** Frees decoded chunks the analysis is done with and the playhead is far from. */
    #evict() {
        if (this.memoryBytes <= this.memoryBudget) return;
        const at = this.run ? this.run.cursor : this.grid.first;
        // Behind the playhead first (farthest first), then far ahead of it (farthest first).
        const rank = (r) => (r.desc.first < at ? 2 * this.grid.total + (at - r.desc.first) : r.desc.first - at);
        const candidates = [...this.records.values()]
            .filter((r) => r.state === "ready" && r.segments.every((s) => s.to <= this.analysis.cursor))
            .filter((r) => r.segments.every((s) => s.to <= at || s.from > at + this.grid.rate * 600))
            .sort((a, b) => rank(b) - rank(a));
        for (const r of candidates) {
            if (this.memoryBytes <= this.memoryBudget * 0.75) break;
            this.memoryBytes -= r.data.byteLength;
            r.data = null;
            r.state = "evicted";
        }
    }

    // ---- processing ----

    /** Runs playback and analysis as far as the loaded data allows, yielding between slices. */
    #advance() {
        if (this.advancing) {
            this.advanceAgain = true;
            return;
        }
        if (this.stopped || !this.analysis) return;
        this.advancing = true;
        try {
            do {
                this.advanceAgain = false;
                this.#pump();
                // Until the first second of audio is out, analyse in small steps so the
                // worklet's port and the next chunk are never kept waiting.
                const flowing = this.sink && this.sentFrames >= this.audioRate;
                const more = this.#analyze(flowing ? SLICE * 8 : SLICE);
                if (more) {
                    // Yield so port messages (the worklet asking for more) get through.
                    this.#yield();
                    break;
                }
            } while (this.advanceAgain);
            this.#evict();
        } finally {
            this.advancing = false;
        }
    }

    /** Continues #advance after pending messages (a MessageChannel: no 4 ms timer clamping). */
    #yield() {
        if (this.yielding) return;
        this.yielding = true;
        if (!this.yieldChannel) {
            this.yieldChannel = new MessageChannel();
            this.yieldChannel.port1.onmessage = () => {
                this.yielding = false;
                this.#advance();
            };
        }
        this.yieldChannel.port2.postMessage(null);
    }

    /** The overview / checkpoint pass. @returns whether it stopped only for its budget */
    #analyze(budget) {
        const a = this.analysis;
        const grid = this.grid;
        const t = this.now();
        let done = 0;
        while (a.cursor < grid.last && done < budget) {
            const segment = this.plan.segmentAt(a.cursor);
            if (!segment) break;
            const data = this.#data(segment);
            if (data === null) break;
            if (a.cursor === segment.from && !a.checkpoints.has(segment.from)) {
                a.checkpoints.set(segment.from, data === MISSING ? null : a.processor.state());
            }
            if (data === MISSING) {
                a.processor.restart();
                this.#overviewMissing(a.cursor, segment.to);
                done += segment.to - a.cursor;
                a.cursor = segment.to;
                continue;
            }
            const offset = segment.source.desc.first;
            const n = Math.min(segment.to - a.cursor, SLICE, budget - done);
            a.processor.process(data, a.scratch, { from: a.cursor - offset, to: a.cursor - offset + n });
            this.#overviewAdd(a.cursor, a.scratch, n);
            a.cursor += n;
            done += n;
        }
        this.filter.ms += this.now() - t;
        this.filter.samples += done;
        const complete = a.cursor >= grid.last;
        this.#emitOverview(complete);
        if (complete && !a.reported) {
            a.reported = true;
            this.#mark("analyzed");
            this.#emitStats();
        }
        return done >= budget && !complete;
    }

    #startRun(index, speed) {
        this.generation += 1;
        const generation = this.generation;
        this.sentFrames = 0;
        this.consumedFrames = 0;
        this.pending = [];
        if (this.sink) this.sink.postMessage({ type: "flush", generation });
        const processor = new SeismicProcessor({ rate: this.grid.rate, normalization: this.normalization });
        const run = {
            generation, startIndex: index, cursor: index, speed, processor, ended: false, exact: true, warmFrom: null,
            scratch: new Float32Array(SLICE), zeros: new Float32Array(SLICE), tapping: generation === 1 && index === this.grid.first,
        };
        run.framer = new BlockFramer((block) => this.#send(run, block));
        run.audifier = new Audifier(speed, (frames, n) => run.framer.push(frames, n));
        // Resume the filter exactly: the state at the segment's start, then run up to `index`.
        const segment = this.plan.segmentAt(index);
        if (segment && index > segment.from) {
            if (this.analysis.checkpoints.has(segment.from)) {
                processor.setState(this.analysis.checkpoints.get(segment.from));
                run.warmFrom = segment.from;
            } else {
                run.exact = false; // not analysed that far yet: start at the steady state here
            }
        }
        if (!run.tapping) this.tap.open = false;
        this.run = run;
        this.emit({ type: "run", id: this.id, generation, startIndex: index, speed, exact: run.exact });
        this.queue.reprioritize();
        this.cacheQueue.reprioritize();
        this.#advance();
    }

    /** The playback pass: process, audify and send until ~highWater frames are queued. */
    #pump() {
        const run = this.run;
        if (!run || run.ended || run.generation !== this.generation) return;
        const grid = this.grid;
        const highWater = Math.ceil(this.audioRate * 3);
        const t = this.now();
        let processed = 0;
        while (this.sentFrames + run.framer.length - this.consumedFrames < highWater) {
            if (run.cursor >= grid.last) {
                run.audifier.finish();
                run.framer.flush();
                run.ended = true;
                this.#post({ type: "end", generation: run.generation }, []);
                this.#resolveTaps(true);
                break;
            }
            const segment = this.plan.segmentAt(run.cursor);
            if (!segment) break;
            const data = this.#data(segment);
            if (data === null) break;
            if (run.warmFrom !== null) {
                // Seek inside a segment: run the filter from the segment's start, discarding.
                const offset = segment.source.desc.first;
                for (let i = run.warmFrom; i < run.cursor; i += SLICE) {
                    const n = Math.min(SLICE, run.cursor - i);
                    run.processor.process(data, run.scratch, { from: i - offset, to: i - offset + n });
                }
                run.warmFrom = null;
            }
            const framesWanted = highWater - (this.sentFrames + run.framer.length - this.consumedFrames);
            const samplesWanted = Math.max(1024, Math.ceil(framesWanted * run.speed) + 1);
            const n = Math.min(segment.to - run.cursor, SLICE, samplesWanted);
            if (data === MISSING) {
                run.processor.restart();
                run.audifier.push(run.zeros, n);
            } else {
                const offset = segment.source.desc.first;
                run.processor.process(data, run.scratch, { from: run.cursor - offset, to: run.cursor - offset + n });
                run.audifier.push(run.scratch, n);
            }
            run.cursor += n;
            processed += n;
            if (run.cursor === segment.to && segment.to < grid.last) {
                // Entering the next segment soon: make sure its chunk is (re)loading.
                const next = this.plan.segmentAt(segment.to);
                if (next) this.#data(next);
            }
        }
        if (processed) {
            this.filter.ms += this.now() - t;
            this.filter.samples += processed;
        }
    }

    #send(run, block) {
        if (run.generation !== this.generation) return;
        if (run.tapping && this.tap.open) {
            const room = this.tap.buffer.length - this.tap.length;
            const n = Math.min(room, block.length);
            this.tap.buffer.set(block.subarray(0, n), this.tap.length);
            this.tap.length += n;
            if (this.tap.length >= this.tap.buffer.length) this.tap.open = false;
            this.#resolveTaps(false);
        }
        this.sentFrames += block.length;
        if (this.timings.firstBlock === undefined) this.#mark("firstBlock");
        this.#post({ type: "block", generation: run.generation, samples: block }, [block.buffer]);
    }

    #post(message, transfer) {
        if (this.sink) this.sink.postMessage(message, transfer);
        else this.pending.push([message, transfer]);
    }

    #resolveTaps(final) {
        const tap = this.tap;
        const ended = final || this.stopped || (this.run && this.run.ended) || !tap.open;
        tap.waiters = tap.waiters.filter(({ n, resolve }) => {
            if (tap.length >= n || ended) {
                resolve(tap.buffer ? Array.from(tap.buffer.subarray(0, Math.min(n, tap.length))) : []);
                return false;
            }
            return true;
        });
    }

    // ---- the overview ----

    #bucket(index) {
        return Math.min(this.overviewWidth - 1, Math.floor(((index - this.grid.first) * this.overviewWidth) / Math.max(1, this.grid.total)));
    }

    #overviewAdd(index, y, n) {
        const o = this.overview;
        const w = this.overviewWidth;
        const total = Math.max(1, this.grid.total);
        let i = 0;
        while (i < n) {
            const b = this.#bucket(index + i);
            const next = this.grid.first + Math.ceil(((b + 1) * total) / w);
            const end = Math.min(n, Math.max(i + 1, next - index));
            let lo = o.min[b];
            let hi = o.max[b];
            if (Number.isNaN(lo)) {
                lo = Infinity;
                hi = -Infinity;
            }
            for (let k = i; k < end; k++) {
                const v = y[k];
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            o.min[b] = lo;
            o.max[b] = hi;
            o.dirtyLo = Math.min(o.dirtyLo, b);
            o.dirtyHi = Math.max(o.dirtyHi, b + 1);
            i = end;
        }
    }

    #overviewMissing(from, to) {
        const o = this.overview;
        o.dirtyLo = Math.min(o.dirtyLo, this.#bucket(from));
        o.dirtyHi = Math.max(o.dirtyHi, this.#bucket(Math.max(from, to - 1)) + 1);
    }

    #emitOverview(force) {
        const o = this.overview;
        if (o.dirtyHi <= o.dirtyLo) return;
        const t = this.now();
        if (!force && t - o.lastEmit < 60) return;
        o.lastEmit = t;
        const min = o.min.slice(o.dirtyLo, o.dirtyHi);
        const max = o.max.slice(o.dirtyLo, o.dirtyHi);
        this.emit({ type: "overview", id: this.id, from: o.dirtyLo, width: this.overviewWidth, min, max }, [min.buffer, max.buffer]);
        o.dirtyLo = Infinity;
        o.dirtyHi = -Infinity;
    }

    // ---- events ----

    #emitPlan() {
        if (!this.plan) return;
        const chunks = [...this.records.values()].map((r) => ({
            key: r.desc.key, kind: r.desc.kind, first: r.desc.first, samples: r.desc.samples,
            start: r.desc.start, end: r.desc.end, origin: r.origin, state: r.state, used: r.segments.length > 0,
            gapCount: r.desc.gapCount, gapSamplesFilled: r.desc.gapSamplesFilled, edgeFilledSamples: r.desc.edgeFilledSamples,
        }));
        this.emit({
            type: "plan", id: this.id, final: this.finished, chunks,
            missing: this.plan.missingSpans().map((s) => [s.from, s.to]),
            open: this.plan.openSpans().map((s) => [s.from, s.to]),
        });
    }

    #emitStats() {
        this.emit({ type: "stats", id: this.id, stats: this.stats() });
    }

    #mark(name) {
        if (this.timings[name] === undefined) this.timings[name] = this.now();
    }

    #fail(error) {
        this.error = error?.message ?? String(error);
        this.emit({ type: "error", id: this.id, message: this.error, fatal: this.records.size === 0 });
        if (this.plan && !this.finished) {
            this.plan.finish();
            this.finished = true;
            this.#startProcessing();
            this.#emitPlan();
            this.#advance();
        } else {
            this.#resolveTaps(true);
        }
        this.#emitStats();
    }
}

const round = (v) => Math.round(v * 100) / 100;

export { normalizationDivisor };
