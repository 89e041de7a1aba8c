// The chunks of one playback: which chunk supplies which span (through the CoveragePlan),
// loading them in playback order with bounded parallelism (IndexedDB reads one at a time,
// fetches `concurrency` at a time, libzstd, a write to the mirror), retries, failures, and the
// memory budget (decoded chunks the analysis is done with and far from the playhead are
// dropped and read again from IndexedDB when needed).
//
// No DOM: fetch, the decoder and the cache are passed in (session.js builds one per playback).

import { FetchQueue, describeChunk } from "./planner.js";
import { channelId, sameVersion } from "./chunk-cache.js";
import { liveDesc } from "./live-tail.js";

/** What `data(segment)` returns for a span that plays as silence. */
export const MISSING = Symbol("missing");
const RETRIES = 3;

export class ChunkLoader {
    /**
     * @param {object} o
     * @param {object} o.request      the channel request (for the mirror's facts)
     * @param {import('./zstd.js').ZstdDecoder} o.decoder
     * @param {import('./chunk-cache.js').ChunkCache|null} o.cache  null: no mirror
     * @param {Function} o.fetch
     * @param {string|URL} o.base
     * @param {AbortSignal} o.signal
     * @param {number} o.concurrency  fetches at a time
     * @param {number} o.memoryBudget bytes of decoded chunks kept
     * @param {() => number} o.now
     * @param {() => number} o.cursor the grid index the playback needs next
     * @param {(type: string, fields: object) => void} o.event  events for the page
     * @param {(record: object) => void} o.onLoaded  after every load (or failure)
     */
    constructor(o) {
        Object.assign(this, {
            request: o.request, decoder: o.decoder, cache: o.cache, fetch: o.fetch, base: o.base, signal: o.signal,
            memoryBudget: o.memoryBudget, now: o.now, mark: o.mark, cursor: o.cursor, event: o.event, onLoaded: o.onLoaded,
        });
        this.grid = null;
        this.plan = null;
        this.records = new Map();   // key → {desc, origin, state, data, segments, attempts}
        this.cachedMetas = new Map();
        this.prefetched = new Map(); // key → {head, samples}: reads started before the chunk was queued
        this.counts = { fetched: 0, fromCache: 0, stored: 0, failed: 0, bytesFetched: 0, retries: 0 };
        this.decode = { ms: 0, bytes: 0, chunks: 0 };
        this.memoryBytes = 0;
        this.storing = new Set();
        this.closed = false;
        const queue = (limit) => new FetchQueue({
            limit,
            load: (record) => this.#load(record),
            priority: (record) => this.#priority(record),
            onSettled: (record, error) => this.#settled(record, error),
        });
        this.queue = queue(o.concurrency);
        this.cacheQueue = queue(1);
    }

    /**
     * Starts reading a mirrored chunk (its head and its samples) now, before the plan exists:
     * the chunk a remembered manifest starts with, so the reads run while the playback is set
     * up. Its load uses them.
     */
    prefetch(key) {
        if (!this.cache || this.prefetched.has(key)) return;
        this.prefetched.set(key, this.#read(key, true));
    }

    /** The grid and plan of the request, and the mirrored chunks overlapping it (same rate). */
    configure(grid, plan, mirrored = []) {
        this.grid = grid;
        this.plan = plan;
        for (const m of mirrored) if (m.sampleRate === grid.rate) this.cachedMetas.set(m.key, m);
    }

    /** Adds manifest entries to the plan and queues what they supply. @returns whether anything changed */
    add(entries) {
        if (!entries || !this.grid) return false;
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
            changed = true;
            if (!cachedMeta && this.#coverFromCache(desc)) continue;
            const record = this.#record(desc, cachedMeta ? "indexeddb" : "network");
            record.segments = this.plan.add(record, desc.first, desc.samples);
            if (record.segments.length) this.#enqueue(record);
        }
        return changed;
    }

    /**
     * Samples already in memory as a source (a live record run, live-cycle.js): they fill only
     * what no chunk covers, are never evicted and never stored in the mirror.
     */
    addReady(first, data, rate) {
        const record = this.#record(liveDesc(first, data, rate), "live");
        record.state = "ready";
        record.data = data;
        record.segments = this.plan.add(record, first, data.length);
        return record;
    }

    /**
     * The samples of a segment's chunk from its first: an Int32Array, MISSING (silence), or null
     * (not loaded yet). While a mirrored chunk is read, its head (its first samples, shorter than
     * the chunk): callers use what it holds and ask again for the rest.
     */
    data(segment) {
        const record = segment.source;
        if (record === null || record.state === "failed") return MISSING;
        if (record.state === "ready") {
            record.lastUsed = this.now();
            return record.data;
        }
        if (record.head) return record.head;
        if (record.state === "evicted") {
            record.state = "queued";
            if (record.inCache) record.origin = "indexeddb";
            this.#enqueue(record);
        }
        return null;
    }

    /** Frees decoded chunks the analysis is done with (`analyzed`) and the playhead (`at`) is far from. */
    evict(at, analyzed) {
        if (this.memoryBytes <= this.memoryBudget) return;
        // Behind the playhead first (farthest first), then far ahead of it (farthest first).
        const rank = (r) => (r.desc.first < at ? 2 * this.grid.total + (at - r.desc.first) : r.desc.first - at);
        const candidates = [...this.records.values()]
            .filter((r) => r.state === "ready" && r.origin !== "live" && r.segments.every((s) => s.to <= analyzed))
            .filter((r) => r.segments.every((s) => s.to <= at || s.from > at + this.grid.rate * 600))
            .sort((a, b) => rank(b) - rank(a));
        for (const r of candidates) {
            if (this.memoryBytes <= this.memoryBudget * 0.75) break;
            this.memoryBytes -= r.data.byteLength;
            r.data = null;
            r.state = "evicted";
        }
    }

    /** Playback order changed (a seek): re-rank what is queued. */
    reprioritize() {
        this.queue.reprioritize();
        this.cacheQueue.reprioritize();
    }

    /** Resolves when no load is queued or running and every mirror write is done. */
    async idle() {
        await Promise.all([this.queue.idle(), this.cacheQueue.idle()]);
        await Promise.all([...this.storing]);
    }

    close() {
        this.closed = true;
        this.queue.close();
        this.cacheQueue.close();
        this.prefetched.clear();
        for (const r of this.records.values()) r.data = null;
        this.memoryBytes = 0;
    }

    /** The chunks as the page draws them. */
    chunkList() {
        return [...this.records.values()].map((r) => ({
            key: r.desc.key, kind: r.desc.kind, first: r.desc.first, samples: r.desc.samples,
            start: r.desc.start, end: r.desc.end, origin: r.origin, state: r.state, used: r.segments.length > 0,
            gapCount: r.desc.gapCount, gapSamplesFilled: r.desc.gapSamplesFilled, edgeFilledSamples: r.desc.edgeFilledSamples,
            gaps: r.desc.gaps ?? null,
        }));
    }

    /** The needed chunks (known so far) by origin: loaded already or still queued. */
    needed() {
        const used = [...this.records.values()].filter((r) => r.segments.length > 0);
        return {
            all: used.length,
            network: used.filter((r) => r.origin === "network").length,
            indexeddb: used.filter((r) => r.origin === "indexeddb").length,
        };
    }

    /** Whether every needed chunk has loaded (or failed). */
    settled() {
        return [...this.records.values()].every((r) => r.segments.length === 0 || r.state === "ready" || r.state === "failed");
    }

    /** The listed chunks' own min/max (when the server gives no normalization range). */
    range() {
        let lo = Infinity;
        let hi = -Infinity;
        for (const r of this.records.values()) {
            lo = Math.min(lo, r.desc.min);
            hi = Math.max(hi, r.desc.max);
        }
        return Number.isFinite(lo) ? { global_min: lo, global_max: hi } : { global_min: 0, global_max: 0 };
    }

    /** Reads a mirrored chunk's samples; with `head`, its head first and then the samples (the
     *  whole chunk's read does not slow the head's). Neither rejects (null: not there). */
    #read(key, head) {
        const first = head && this.cache.head ? this.cache.head(key).catch(() => null) : null;
        const samples = () => this.cache.samples(key).catch(() => null);
        return { head: first, samples: first ? first.then(samples) : samples() };
    }

    #enqueue(record) {
        (record.origin === "indexeddb" ? this.cacheQueue : this.queue).add(record);
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
        for (const { m, first } of metas) {
            const cover = {
                key: m.key, url: m.url, kind: m.kind, start: m.start, end: m.end,
                startSeconds: m.startMs / 1000, endSeconds: m.endMs / 1000,
                first, samples: m.samples, min: m.min, max: m.max,
                gapCount: m.gapCount ?? 0, gapSamplesFilled: m.gapSamplesFilled ?? 0,
                edgeFilledSamples: m.edgeFilledSamples ?? 0, compressedBytes: m.compressedBytes ?? null,
                version: m.version ?? null, gaps: m.gaps ?? null,
            };
            const record = this.#record(cover, "indexeddb");
            const from = Math.max(first, lo);
            record.segments = this.plan.add(record, from, Math.min(first + m.samples, hi) - from);
            if (record.segments.length) this.#enqueue(record);
        }
        return true;
    }

    #priority(record) {
        // Playback order: what the player needs next first, then the rest of the request
        // ahead of it, then what lies behind the playhead (for the overview).
        const at = this.cursor();
        const first = Math.max(record.desc.first, this.grid.first);
        const end = record.desc.first + record.desc.samples;
        if (end > at) return Math.max(0, first - at);
        return this.grid.total + first;
    }

    async #load(record) {
        if (this.closed) return;
        record.state = "loading";
        this.mark?.("firstLoad");
        const started = this.now();
        if (record.origin === "indexeddb" && this.cache) {
            // The chunk playback needs now: its head first (a small read), so the start does
            // not wait for the whole chunk.
            const at = this.cursor();
            const needed = record.desc.first <= at && at < record.desc.first + record.desc.samples;
            const reads = this.prefetched.get(record.desc.key) ?? this.#read(record.desc.key, needed);
            this.prefetched.delete(record.desc.key);
            if (reads.head) {
                reads.head.then((head) => {
                    if (!head || head.length >= record.desc.samples || record.state !== "loading" || this.closed) return;
                    record.head = head;
                    this.mark?.("firstHead");
                    this.onLoaded(null);
                });
            }
            const data = await reads.samples;
            if (data && data.length === record.desc.samples) {
                record.data = data;
                record.inCache = true;
                record.loadMs = this.now() - started;
                this.counts.fromCache += 1;
                return;
            }
            record.origin = "network"; // gone from the mirror: fetch it
            record.head = null;
        }
        if (!record.desc.url) throw new Error(`chunk ${record.desc.key} has no URL`);
        const url = new URL(record.desc.url, this.base);
        for (;;) {
            try {
                const response = await this.fetch(url, { signal: this.signal });
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
                if (this.closed) return;
                record.attempts += 1;
                const transient = error.retry !== false && error.name !== "ZstdError" && !/holds \d+ samples/.test(error.message);
                if (!transient || record.attempts >= RETRIES) throw error;
                this.counts.retries += 1;
                await new Promise((r) => setTimeout(r, 200 * 2 ** (record.attempts - 1)));
            }
        }
    }

    #store(record) {
        if (!this.cache) return;
        const d = record.desc;
        const req = this.request;
        const startDate = new Date(d.startSeconds * 1000);
        const meta = {
            key: d.key, channel: channelId(req), volcano: req.volcano,
            network: req.network, station: req.station, location: req.location ?? "",
            channelCode: req.channel, kind: d.kind, start: d.start, end: d.end,
            startMs: d.startSeconds * 1000, endMs: d.endSeconds * 1000, year: startDate.getUTCFullYear(),
            month: startDate.getUTCMonth() + 1, sampleRate: this.grid.rate, samples: d.samples,
            min: d.min, max: d.max, gapCount: d.gapCount, gapSamplesFilled: d.gapSamplesFilled,
            edgeFilledSamples: d.edgeFilledSamples, compressedBytes: d.compressedBytes, url: d.url,
            version: d.version ?? null, gaps: d.gaps ?? null,
        };
        const p = this.cache
            .put(meta, record.data)
            .then(() => {
                this.counts.stored += 1;
                record.inCache = true;
                this.onLoaded(null);
            })
            .catch((error) => this.event("warning", { message: `IndexedDB: ${error?.message ?? error}` }))
            .finally(() => this.storing.delete(p));
        this.storing.add(p);
    }

    #settled(record, error) {
        if (this.closed) return;
        record.head = null;
        if (error) {
            record.state = "failed";
            record.failure = error.message;
            this.counts.failed += 1;
            this.event("warning", { message: `chunk ${record.desc.key}: ${error.message}` });
        } else if (record.data) {
            record.state = "ready";
            record.lastUsed = this.now();
            this.memoryBytes += record.data.byteLength;
        }
        this.event("chunk", {
            key: record.desc.key, state: record.state, origin: record.origin,
            loadMs: record.loadMs ?? null, decodeMs: record.decodeMs ?? null,
        });
        this.onLoaded(record);
    }
}
