// The bounded IndexedDB mirror (Sources/seisapi/Player/chunk-cache.js): least recently played
// chunks evicted past min(500 MB, half the quota), chunks unused for 48 hours evicted, never a
// chunk of the range playing. On a fake clock, a fake storage estimate and a small in-memory
// IndexedDB (below: the calls chunk-cache.js makes, with IndexedDB's request/transaction events).
import test from "node:test";
import assert from "node:assert/strict";
import {
    ChunkCache, chunksToEvict, mirrorLimit, MIRROR_LIMIT_BYTES, UNUSED_FOR_MS, EVICTION_INTERVAL_MS, HEAD_SAMPLES,
} from "../../Sources/seisapi/Player/chunk-cache.js";

const MB = 1024 * 1024;
const HOUR = 3600 * 1000;

// --- a minimal IndexedDB ------------------------------------------------------------------

class KeyRange {
    constructor(lower, upper, lowerOpen, upperOpen) { Object.assign(this, { lower, upper, lowerOpen, upperOpen }); }
    static bound(lower, upper, lowerOpen = false, upperOpen = false) { return new KeyRange(lower, upper, lowerOpen, upperOpen); }
    includes(key) {
        const a = compare(key, this.lower), b = compare(key, this.upper);
        return (this.lowerOpen ? a > 0 : a >= 0) && (this.upperOpen ? b < 0 : b <= 0);
    }
}
globalThis.IDBKeyRange ??= KeyRange;

function compare(a, b) {
    if (Array.isArray(a)) {
        for (let i = 0; i < Math.min(a.length, b.length); i++) { const c = compare(a[i], b[i]); if (c) return c; }
        return a.length - b.length;
    }
    return a < b ? -1 : a > b ? 1 : 0;
}

class FakeTransaction {
    constructor(db) { this.db = db; this.pending = 0; this.finished = false; }
    request(op) {
        const request = {};
        this.pending++;
        queueMicrotask(() => {
            request.result = op();
            request.onsuccess?.();
            this.pending--;
            setTimeout(() => { if (this.pending === 0 && !this.finished) { this.finished = true; this.oncomplete?.(); } });
        });
        return request;
    }
    objectStore(name) {
        const data = this.db.stores.get(name);
        const tx = this;
        const all = (range, map = data.rows) =>
            [...map.entries()].filter(([k]) => !range || range.includes(k)).sort((x, y) => compare(x[0], y[0])).map(([, v]) => structuredClone(v));
        return {
            put: (value, key) => tx.request(() => { data.rows.set(data.keyPath ? value[data.keyPath] : key, structuredClone(value)); }),
            get: (key) => tx.request(() => structuredClone(data.rows.get(key))),
            getKey: (key) => tx.request(() => (data.rows.has(key) ? key : undefined)),
            getAll: (range) => tx.request(() => all(range)),
            delete: (key) => tx.request(() => { data.rows.delete(key); }),
            clear: () => tx.request(() => data.rows.clear()),
            count: () => tx.request(() => data.rows.size),
            index: (indexName) => ({
                getAll: (range) => tx.request(() => {
                    const paths = data.indexes.get(indexName);
                    return [...data.rows.values()].filter((v) => range.includes(paths.map((p) => v[p])))
                        .map((v) => structuredClone(v));
                }),
            }),
        };
    }
}

function fakeIndexedDB() {
    const stores = new Map();
    const db = {
        stores,
        objectStoreNames: { contains: (n) => stores.has(n) },
        createObjectStore(name, options = {}) {
            const store = { keyPath: options.keyPath, rows: new Map(), indexes: new Map() };
            stores.set(name, store);
            return { createIndex: (indexName, paths) => store.indexes.set(indexName, paths) };
        },
        transaction() { return new FakeTransaction(db); },
        close() {},
    };
    return {
        db,
        open() {
            const request = { result: db };
            setTimeout(() => { request.onupgradeneeded?.(); request.onsuccess?.(); });
            return request;
        },
    };
}

// --- the tests ----------------------------------------------------------------------------

const clock = (start = 1_760_000_000_000) => { const c = { t: start, now: () => c.t }; return c; };
const chunk = (i, { channel = "HV.UWE..HHZ", hours = 1 } = {}) => ({
    key: `${channel}/${i}`, channel, startMs: i * hours * HOUR, endMs: (i + 1) * hours * HOUR, kind: "1h",
});
const samples = (bytes) => new Int32Array(bytes / 4);

async function openCache({ quota = 10 * 1024 * MB, start } = {}) {
    const idb = fakeIndexedDB();
    const c = clock(start);
    const storage = { quota };
    const cache = await ChunkCache.open(idb, { now: c.now, estimate: async () => ({ quota: storage.quota, usage: 0 }) });
    await cache.evicting;
    return { cache, idb, clock: c, storage };
}
const stored = (idb) => [...idb.db.stores.get("chunks").rows.keys()].sort();

test("the limit is 500 MB, or half the quota when that is smaller, or 500 MB without an estimate", async () => {
    assert.equal(await mirrorLimit(async () => ({ quota: 10 * 1024 * MB })), MIRROR_LIMIT_BYTES);
    assert.equal(await mirrorLimit(async () => ({ quota: 600 * MB })), 300 * MB);
    assert.equal(await mirrorLimit(async () => { throw new Error("no storage manager"); }), MIRROR_LIMIT_BYTES);
    assert.equal(await mirrorLimit(async () => ({})), MIRROR_LIMIT_BYTES);
});

test("chunksToEvict: unused for 48 h first, then the least recently used past the limit, never kept keys", () => {
    const now = 100 * HOUR;
    const c = (key, usedHoursAgo, mb) => ({ key, usedAt: now - usedHoursAgo * HOUR, byteLength: mb * MB });
    const chunks = [c("a", 49, 1), c("b", 10, 100), c("c", 5, 100), c("d", 1, 100), c("e", 60, 1)];
    assert.deepEqual(chunksToEvict(chunks, { now, limitBytes: 1000 * MB }), ["e", "a"]);
    assert.deepEqual(chunksToEvict(chunks, { now, limitBytes: 150 * MB }), ["e", "a", "b", "c"]);
    assert.deepEqual(chunksToEvict(chunks, { now, limitBytes: 150 * MB, keep: new Set(["b", "e"]) }), ["a", "c", "d"]);
    assert.deepEqual(chunksToEvict([], { now, limitBytes: 0 }), []);
});

test("past half the quota, the least recently played chunks go, the playing range's stay", async () => {
    // Ten 15 MB chunks (150 MB), half a minute apart, then the quota shrinks to 200 MB: limit 100 MB.
    const { cache, idb, clock, storage } = await openCache();
    for (let i = 0; i < 10; i++) {
        clock.t += EVICTION_INTERVAL_MS / 2;
        await cache.put(chunk(i), samples(15 * MB));
        await cache.evicting;
    }
    // Chunk 0 was played again later; chunks 2-3 are the range playing.
    clock.t += 1000;
    assert.ok(await cache.samples("HV.UWE..HHZ/0"));
    await new Promise((r) => setTimeout(r, 5));
    await cache.chunksOverlapping("HV.UWE..HHZ", 2 * HOUR, 4 * HOUR);
    storage.quota = 200 * MB;
    const result = await cache.evict();
    // 150 MB, limit 100 MB: four chunks go (60 MB), oldest use first, skipping 0 (played), 2 and 3 (playing).
    assert.deepEqual(result.evicted, ["HV.UWE..HHZ/1", "HV.UWE..HHZ/4", "HV.UWE..HHZ/5", "HV.UWE..HHZ/6"]);
    assert.equal(result.bytes, 60 * MB);
    assert.deepEqual(stored(idb), ["HV.UWE..HHZ/0", "HV.UWE..HHZ/2", "HV.UWE..HHZ/3", "HV.UWE..HHZ/7", "HV.UWE..HHZ/8", "HV.UWE..HHZ/9"]);
    assert.equal(idb.db.stores.get("samples").rows.size, 6, "samples go with their facts");
    assert.equal(idb.db.stores.get("heads").rows.size, 6, "and so do their heads");
    assert.equal((await cache.usage()).bytes, 90 * MB);
});

test("chunks unused for 48 hours go at the next store or open, even under the limit; played ones stay", async () => {
    const { cache, idb, clock } = await openCache();
    await cache.put(chunk(0), samples(1 * MB));
    await cache.put(chunk(1), samples(1 * MB));
    await cache.putManifest("HV.UWE..HHZ|kilauea|a|b", { chunks: [] });
    clock.t += UNUSED_FOR_MS - HOUR;
    assert.ok(await cache.samples("HV.UWE..HHZ/1"), "played 47 h after it was stored");
    await new Promise((r) => setTimeout(r, 5));
    clock.t += 2 * HOUR;
    await cache.put(chunk(5, { channel: "AV.GSTD..BHZ" }), samples(4));
    await cache.evicting;
    assert.deepEqual(stored(idb), ["AV.GSTD..BHZ/5", "HV.UWE..HHZ/1"]);
    assert.equal(await cache.manifest("HV.UWE..HHZ|kilauea|a|b"), null, "remembered manifests expire too");

    // A new page load 49 h later: the eviction at open empties what nobody played.
    clock.t += UNUSED_FOR_MS + HOUR;
    const reopened = await ChunkCache.open(idb, { now: clock.now, estimate: async () => ({ quota: 10 * 1024 * MB }) });
    await reopened.evicting;
    assert.deepEqual(stored(idb), []);
});

test("the playing range is never evicted, even unused for 48 hours and over the limit", async () => {
    const { cache, idb, clock } = await openCache({ quota: 20 * MB });
    await cache.put(chunk(0, { hours: 6 }), samples(8 * MB));
    await cache.put(chunk(1, { hours: 6 }), samples(8 * MB));
    cache.setPlaying({ channel: "HV.UWE..HHZ", fromMs: 6 * HOUR + 1, toMs: 7 * HOUR });
    clock.t += 3 * UNUSED_FOR_MS;
    await cache.evict();
    assert.deepEqual(stored(idb), ["HV.UWE..HHZ/1"]);
});

test("stores evict at most once a minute", async () => {
    const { cache, clock } = await openCache({ quota: 2 * MB });
    let runs = 0;
    const evict = cache.evict.bind(cache);
    cache.evict = () => { runs++; return evict(); };
    await cache.put(chunk(0), samples(4));
    await cache.put(chunk(1), samples(4));
    await cache.evicting;
    assert.equal(runs, 0, "the open's eviction was less than a minute ago");
    clock.t += EVICTION_INTERVAL_MS;
    await cache.put(chunk(2), samples(4));
    await cache.evicting;
    assert.equal(runs, 1);
});

test("a chunk longer than its head is stored with a head (its first samples); a shorter one without", async () => {
    const { cache, idb } = await openCache();
    const long = Int32Array.from({ length: HEAD_SAMPLES + 5 }, (_, i) => i * 3 - 7);
    await cache.put(chunk(0), long);
    await cache.put(chunk(1), Int32Array.from({ length: 100 }, (_, i) => i));
    assert.deepEqual(await cache.head("HV.UWE..HHZ/0"), long.slice(0, HEAD_SAMPLES));
    assert.deepEqual(await cache.samples("HV.UWE..HHZ/0"), long, "the chunk itself is whole");
    assert.equal(await cache.head("HV.UWE..HHZ/1"), null);
    // Rewritten shorter under the same key: the old head goes.
    await cache.put(chunk(0), long.slice(0, 10));
    assert.equal(await cache.head("HV.UWE..HHZ/0"), null);
    await cache.put(chunk(2), long);
    await cache.clear();
    assert.equal(idb.db.stores.get("heads").rows.size, 0);
});
