// The IndexedDB mirror (001 "Local Cache"): uncompressed chunks keyed by their chunk key,
// so a repeated or overlapping request plays without fetching them again. Works in the
// Worker and in the page (any scope with `indexedDB`).
//
// Database "seiscache-player", version 2 (version 1 had no `heads`):
//   chunks     keyPath "key": the chunk's facts (no samples), index "byChannel" on
//              [channel, startMs] to find a channel's chunks around a time range; `version`
//              is the manifest's version of the bytes mirrored (null from an older server)
//   samples    out-of-line key = the chunk key: the little-endian int32 samples (ArrayBuffer)
//   heads      out-of-line key = the chunk key: a copy of its first HEAD_SAMPLES samples, for
//              chunks longer than that. A small value reads in a few ms where the whole chunk
//              (1.4 MB for an hour at 100 Hz) takes 15–30 ms, so playback starts from the head
//              while the rest is read (chunk-loader.js). A chunk mirrored without one (version
//              1) is read whole.
//   manifests  keyPath "request": complete manifests of past ranges by request
//              ("NET.STA.LOC.CHA|volcano|start|end"), so a repeat needs no /data round trip
// A chunk's facts and samples are written in one transaction, so `chunks` never names
// samples that are not there.
//
// A forced backfill can rewrite a chunk under the same key; the manifest then names another
// `version`. A mirrored chunk is used only for the version a manifest names
// (`sameVersion`), and a fetched one replaces the old entry under the same key, so the
// mirror never serves a rewritten chunk's old samples to a manifest that names the new ones.
//
// The mirror is bounded (001's warm-cache limit): a chunk's `usedAt` is set when it is stored
// and when its samples are read for playback; `evict()` deletes chunks unused for 48 hours and
// then the least recently played ones while the mirror holds more than `mirrorLimit()` (500 MB
// or half of `navigator.storage.estimate()`'s quota, whichever is smaller). Chunks of the range
// playing (the range last asked for with `chunksOverlapping`, or `setPlaying`) are never
// evicted. It runs when the mirror opens and after a store, at most once a minute.

export const DB_NAME = "seiscache-player";
export const DB_VERSION = 2;
/** Samples of a chunk's head: more than 1 s of audio at speed 1 (48 000 frames), 256 KiB. */
export const HEAD_SAMPLES = 1 << 16;

const promisify = (request) =>
    new Promise((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
    });

const done = (tx) =>
    new Promise((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error ?? new Error("transaction aborted"));
    });

/** "HV.UWE..HHZ" */
export function channelId({ network, station, location = "", channel }) {
    return `${network}.${station}.${location ?? ""}.${channel}`;
}

/** Whether a mirrored chunk's facts hold the bytes a manifest entry names (both without a
 *  version, from an older server, count as the same). */
export function sameVersion(mirrored, entry) {
    return (mirrored?.version ?? null) === (entry?.version ?? null);
}

export function manifestKey(request, start, end) {
    return `${channelId(request)}|${request.volcano}|${start}|${end}`;
}

/** The most the mirror holds, whatever the quota. */
export const MIRROR_LIMIT_BYTES = 500 * 1024 * 1024;
/** A chunk not played for this long is evicted. */
export const UNUSED_FOR_MS = 48 * 3600 * 1000;
/** The least time between two evictions after stores. */
export const EVICTION_INTERVAL_MS = 60 * 1000;

/** The mirror's byte limit: 500 MB or half of the origin's quota, whichever is smaller
 *  (500 MB when the browser gives no estimate). */
export async function mirrorLimit(estimate = () => globalThis.navigator?.storage?.estimate?.()) {
    try {
        const quota = (await estimate())?.quota;
        if (quota > 0) return Math.min(MIRROR_LIMIT_BYTES, Math.floor(quota / 2));
    } catch {
        // no estimate: the fixed limit
    }
    return MIRROR_LIMIT_BYTES;
}

/**
 * The keys to evict from these chunk facts: every chunk unused for `unusedForMs`, then the
 * least recently used while the total is over `limitBytes`; never a key in `keep`.
 */
export function chunksToEvict(chunks, { now, limitBytes, keep = new Set(), unusedForMs = UNUSED_FOR_MS }) {
    const used = (c) => c.usedAt ?? c.createdAt ?? 0;
    let total = chunks.reduce((n, c) => n + (c.byteLength || 0), 0);
    const evict = [];
    // Oldest use first: once one is recent enough and the total fits, so are the rest.
    for (const c of chunks.filter((c) => !keep.has(c.key)).sort((a, b) => used(a) - used(b))) {
        if (now - used(c) < unusedForMs && total <= limitBytes) break;
        evict.push(c.key);
        total -= c.byteLength || 0;
    }
    return evict;
}

export class ChunkCache {
    /** Opens (and creates) the database; resolves to null where IndexedDB is unavailable.
     *  `options.now` (the clock) and `options.estimate` (the storage estimate) are for tests. */
    static async open(factory = globalThis.indexedDB, options = {}) {
        if (!factory) return null;
        try {
            const request = factory.open(DB_NAME, DB_VERSION);
            request.onupgradeneeded = () => {
                const db = request.result;
                if (!db.objectStoreNames.contains("chunks")) {
                    const chunks = db.createObjectStore("chunks", { keyPath: "key" });
                    chunks.createIndex("byChannel", ["channel", "startMs"]);
                }
                if (!db.objectStoreNames.contains("samples")) db.createObjectStore("samples");
                if (!db.objectStoreNames.contains("manifests")) db.createObjectStore("manifests", { keyPath: "request" });
                if (!db.objectStoreNames.contains("heads")) db.createObjectStore("heads");
            };
            const db = await promisify(request);
            const cache = new ChunkCache(db, options);
            cache.scheduleEviction();
            return cache;
        } catch {
            return null;
        }
    }

    constructor(db, { now = () => Date.now(), estimate } = {}) {
        this.db = db;
        this.now = now;
        this.estimate = estimate;
        /** { channel, fromMs, toMs } of the range playing: its chunks are never evicted. */
        this.playing = null;
        this.lastEviction = -Infinity;
        this.evicting = null;
        db.onversionchange = () => db.close();
    }

    /** Declares the range playing (its chunks stay), or null. */
    setPlaying(range) {
        this.playing = range;
    }

    /**
     * The facts of a channel's stored chunks that overlap [fromMs, toMs) (chunks start at most
     * a day before what they hold, so the index is searched from fromMs − 1 day).
     */
    async chunksOverlapping(channel, fromMs, toMs) {
        this.setPlaying({ channel, fromMs, toMs });
        const tx = this.db.transaction("chunks", "readonly");
        const range = IDBKeyRange.bound([channel, fromMs - 86_400_000], [channel, toMs], false, true);
        const all = await promisify(tx.objectStore("chunks").index("byChannel").getAll(range));
        return all.filter((c) => c.endMs > fromMs && c.startMs < toMs);
    }

    /** The samples of a chunk (Int32Array), or null; marks the chunk played now. */
    async samples(key) {
        const tx = this.db.transaction("samples", "readonly");
        const buffer = await promisify(tx.objectStore("samples").get(key));
        if (!buffer) return null;
        this.touch(key).catch(() => {});
        return new Int32Array(buffer);
    }

    /** The first HEAD_SAMPLES samples of a chunk (Int32Array) when a head is stored, else null. */
    async head(key) {
        const tx = this.db.transaction("heads", "readonly");
        const buffer = await promisify(tx.objectStore("heads").get(key));
        return buffer ? new Int32Array(buffer) : null;
    }

    /** Sets a chunk's `usedAt` to now. */
    async touch(key) {
        const tx = this.db.transaction("chunks", "readwrite");
        const store = tx.objectStore("chunks");
        const meta = await promisify(store.get(key));
        if (meta) store.put({ ...meta, usedAt: this.now() });
        await done(tx);
    }

    /**
     * Stores a chunk: its facts (`meta`, with `key`, `channel`, `startMs`, `endMs`, …) and
     * samples. The buffer is copied by IndexedDB's structured clone, so the caller keeps it.
     */
    async put(meta, samples) {
        const tx = this.db.transaction(["chunks", "samples", "heads"], "readwrite");
        const buffer = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength
            ? samples.buffer
            : samples.slice().buffer;
        tx.objectStore("samples").put(buffer, meta.key);
        if (samples.length > HEAD_SAMPLES) tx.objectStore("heads").put(samples.slice(0, HEAD_SAMPLES).buffer, meta.key);
        else tx.objectStore("heads").delete(meta.key);
        const now = this.now();
        tx.objectStore("chunks").put({ ...meta, byteLength: samples.byteLength, format: "int32", createdAt: now, usedAt: now });
        await done(tx);
        if (now - this.lastEviction >= EVICTION_INTERVAL_MS) this.scheduleEviction();
    }

    /** Starts an eviction unless one runs; `this.evicting` is its promise until it ends. */
    scheduleEviction() {
        if (this.evicting) return;
        this.evicting = this.evict()
            .catch(() => null)
            .finally(() => {
                this.evicting = null;
            });
    }

    /**
     * Deletes chunks unused for 48 hours, then the least recently played while the mirror is
     * over `mirrorLimit()`, never one of the range playing; and manifests saved 48 hours ago.
     * Resolves to { evicted: keys, bytes } of what was deleted.
     */
    async evict() {
        const now = this.now();
        this.lastEviction = now;
        const limitBytes = await mirrorLimit(this.estimate);
        const read = this.db.transaction(["chunks", "manifests"], "readonly");
        const [chunks, manifests] = await Promise.all([
            promisify(read.objectStore("chunks").getAll()), promisify(read.objectStore("manifests").getAll())]);
        const p = this.playing;
        const keep = new Set(p
            ? chunks.filter((c) => c.channel === p.channel && c.endMs > p.fromMs && c.startMs < p.toMs).map((c) => c.key)
            : []);
        const evicted = chunksToEvict(chunks, { now, limitBytes, keep });
        const old = manifests.filter((m) => now - (m.savedAt ?? 0) >= UNUSED_FOR_MS).map((m) => m.request);
        if (evicted.length === 0 && old.length === 0) return { evicted, bytes: 0 };
        const tx = this.db.transaction(["chunks", "samples", "heads", "manifests"], "readwrite");
        for (const key of evicted) {
            tx.objectStore("chunks").delete(key);
            tx.objectStore("samples").delete(key);
            tx.objectStore("heads").delete(key);
        }
        for (const request of old) tx.objectStore("manifests").delete(request);
        await done(tx);
        const gone = new Set(evicted);
        return { evicted, bytes: chunks.filter((c) => gone.has(c.key)).reduce((n, c) => n + (c.byteLength || 0), 0) };
    }

    async manifest(request) {
        const tx = this.db.transaction("manifests", "readonly");
        const entry = await promisify(tx.objectStore("manifests").get(request));
        return entry ? entry.manifest : null;
    }

    async putManifest(request, manifest) {
        const tx = this.db.transaction("manifests", "readwrite");
        tx.objectStore("manifests").put({ request, manifest, savedAt: this.now() });
        await done(tx);
    }

    /** Forgets a remembered manifest (the server's answer changed): the next playback of
     *  that range asks /data again. */
    async forgetManifest(request) {
        const tx = this.db.transaction("manifests", "readwrite");
        tx.objectStore("manifests").delete(request);
        await done(tx);
    }

    /** Which of these chunk keys have samples stored (of any version). */
    async has(keys) {
        const tx = this.db.transaction("chunks", "readonly");
        const store = tx.objectStore("chunks");
        const found = await Promise.all(keys.map((k) => promisify(store.getKey(k))));
        return new Set(found.filter((k) => k !== undefined));
    }

    /** Counts and bytes stored. */
    async usage() {
        const tx = this.db.transaction(["chunks", "manifests"], "readonly");
        const chunks = await promisify(tx.objectStore("chunks").getAll());
        const manifests = await promisify(tx.objectStore("manifests").count());
        return { chunks: chunks.length, bytes: chunks.reduce((n, c) => n + (c.byteLength || 0), 0), manifests };
    }

    /** Empties the mirror. */
    async clear() {
        const names = ["chunks", "samples", "heads", "manifests"];
        const tx = this.db.transaction(names, "readwrite");
        for (const name of names) tx.objectStore(name).clear();
        await done(tx);
    }
}
