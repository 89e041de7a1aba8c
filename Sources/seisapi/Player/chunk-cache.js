// The IndexedDB mirror (001 "Local Cache"): uncompressed chunks keyed by their chunk key,
// so a repeated or overlapping request plays without fetching them again. Works in the
// Worker and in the page (any scope with `indexedDB`).
//
// Database "seiscache-player", version 1:
//   chunks     keyPath "key": the chunk's facts (no samples), index "byChannel" on
//              [channel, startMs] to find a channel's chunks around a time range; `version`
//              is the manifest's version of the bytes mirrored (null from an older server)
//   samples    out-of-line key = the chunk key: the little-endian int32 samples (ArrayBuffer)
//   manifests  keyPath "request": complete manifests of past ranges by request
//              ("NET.STA.LOC.CHA|volcano|start|end"), so a repeat needs no /data round trip
// A chunk's facts and samples are written in one transaction, so `chunks` never names
// samples that are not there.
//
// A forced backfill can rewrite a chunk under the same key; the manifest then names another
// `version`. A mirrored chunk is used only for the version a manifest names
// (`sameVersion`), and a fetched one replaces the old entry under the same key, so the
// mirror never serves a rewritten chunk's old samples to a manifest that names the new ones.

export const DB_NAME = "seiscache-player";
export const DB_VERSION = 1;

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

export class ChunkCache {
    /** Opens (and creates) the database; resolves to null where IndexedDB is unavailable. */
    static async open(factory = globalThis.indexedDB) {
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
            };
            const db = await promisify(request);
            return new ChunkCache(db);
        } catch {
            return null;
        }
    }

    constructor(db) {
        this.db = db;
        db.onversionchange = () => db.close();
    }

    /**
     * The facts of a channel's stored chunks that overlap [fromMs, toMs) (chunks start at most
     * a day before what they hold, so the index is searched from fromMs − 1 day).
     */
    async chunksOverlapping(channel, fromMs, toMs) {
        const tx = this.db.transaction("chunks", "readonly");
        const range = IDBKeyRange.bound([channel, fromMs - 86_400_000], [channel, toMs], false, true);
        const all = await promisify(tx.objectStore("chunks").index("byChannel").getAll(range));
        return all.filter((c) => c.endMs > fromMs && c.startMs < toMs);
    }

    /** The samples of a chunk (Int32Array), or null. */
    async samples(key) {
        const tx = this.db.transaction("samples", "readonly");
        const buffer = await promisify(tx.objectStore("samples").get(key));
        return buffer ? new Int32Array(buffer) : null;
    }

    /**
     * Stores a chunk: its facts (`meta`, with `key`, `channel`, `startMs`, `endMs`, …) and
     * samples. The buffer is copied by IndexedDB's structured clone, so the caller keeps it.
     */
    async put(meta, samples) {
        const tx = this.db.transaction(["chunks", "samples"], "readwrite");
        const buffer = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength
            ? samples.buffer
            : samples.slice().buffer;
        tx.objectStore("samples").put(buffer, meta.key);
        tx.objectStore("chunks").put({ ...meta, byteLength: samples.byteLength, format: "int32", createdAt: Date.now() });
        await done(tx);
    }

    async manifest(request) {
        const tx = this.db.transaction("manifests", "readonly");
        const entry = await promisify(tx.objectStore("manifests").get(request));
        return entry ? entry.manifest : null;
    }

    async putManifest(request, manifest) {
        const tx = this.db.transaction("manifests", "readwrite");
        tx.objectStore("manifests").put({ request, manifest, savedAt: Date.now() });
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
        const tx = this.db.transaction(["chunks", "samples", "manifests"], "readwrite");
        for (const name of ["chunks", "samples", "manifests"]) tx.objectStore(name).clear();
        await done(tx);
    }
}
