// Where a playback's manifest comes from: a complete manifest remembered in IndexedDB (no
// request before playing, one /data after to revalidate it), a /data hit (JSON), or a
// streamed miss (NDJSON: metadata at once, chunk lines as they are generated, chunk_skipped,
// the final manifest). Remembers complete manifests of explicit ranges for the next repeat.
//
// No DOM: it drives the Session (session.js) through its manifest methods: configure(info),
// addChunks(entries), markMissing(start, end, reason), finish(manifest), mark(name).

import { dataQuery, parseTime } from "./planner.js";
import { readNDJSON } from "./ndjson.js";
import { channelId, manifestKey, sameVersion } from "./chunk-cache.js";

export class ManifestReader {
    /** @param {import('./session.js').Session} session */
    constructor(session) {
        this.session = session;
        this.final = false;
        this.configuring = null;     // the configure() of the first metadata / manifest line
    }

    /** The mirrored chunks of the channel overlapping [fromMs, toMs) (asked once, as early as the range is known). */
    mirrored(fromMs, toMs) {
        const s = this.session;
        if (!s.cache) return Promise.resolve([]);
        this.mirroredPromise ??= s.cache.chunksOverlapping(channelId(s.request), fromMs, toMs).catch(() => []);
        return this.mirroredPromise;
    }

    /** A remembered manifest of this exact range whose chunks are all mirrored (same versions), or null. */
    async remembered() {
        const s = this.session;
        const req = s.request;
        if (!s.cache || !(req.start && req.end)) return null;
        const mirrored = this.mirrored(Date.parse(req.start), Date.parse(req.end));
        const cached = await s.cache.manifest(manifestKey(req, req.start, req.end)).catch(() => null);
        if (!cached) return null;
        const have = new Map((await mirrored).map((m) => [m.key, m]));
        if (!cached.chunks.every((c) => have.has(c.key) && sameVersion(have.get(c.key), c))) return null;
        // The chunk playback starts in: read it while the playback is set up.
        const at = Date.parse(req.start);
        const first = cached.chunks.find((c) => have.get(c.key).startMs <= at && at < have.get(c.key).endMs);
        if (first) s.loader.prefetch(first.key);
        return cached;
    }

    /** Plays a remembered manifest at once (then revalidates it), else asks /data. */
    async run() {
        const s = this.session;
        const remembered = await this.remembered();
        s.mark("remembered");
        if (!remembered) return this.request();
        s.source = "indexeddb";
        s.mark("manifest");
        await s.configure(remembered);
        s.addChunks(remembered.chunks);
        s.finish(remembered);
        // Then asks /data whether the range was rewritten since (a forced backfill), so the
        // next playback is not stale.
        s.idle()
            .then(() => (s.stopped ? null : this.revalidate(remembered)))
            .then((outcome) => {
                if (!outcome || s.stopped) return;
                s.revalidation = outcome;
                s.emitStats();
            })
            .catch(() => {});
    }

    /** GET /data: a hit's manifest at once, or a miss's stream until its manifest line. */
    async request() {
        const s = this.session;
        const url = new URL(`/data?${dataQuery(s.request)}`, s.base);
        const response = await s.fetch(url, { signal: s.abort.signal });
        s.mark("response");
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
            s.source = "miss";
            s.event("status", { source: "miss" });
            await readNDJSON(response.body, (event) => {
                if (s.stopped) return;
                if (event.event === "manifest" || event.event === "error") this.final = true;
                this.#onEvent(event);
            });
            if (!this.final && !s.stopped) throw new Error("the /data stream ended before its manifest");
        } else {
            s.source = "hit";
            const manifest = await response.json();
            s.mark("manifest");
            await s.configure(manifest);
            s.addChunks(manifest.chunks);
            s.finish(manifest);
        }
    }

    #onEvent(event) {
        const s = this.session;
        switch (event.event) {
            case "metadata":
                s.mark("metadata");
                s.progress.planned = event.metadata.chunks_planned ?? null;
                s.progress.totalSamples = event.metadata.total_samples ?? null;
                this.configuring = s.configure(event.metadata);
                this.configuring.then(() => {
                    if (event.metadata.chunks) s.addChunks(event.metadata.chunks);
                });
                break;
            case "chunk":
                s.progress.generated += 1;
                s.mark("firstChunkLine");
                this.#afterConfigure(() => s.addChunks([event.chunk]));
                break;
            case "chunk_skipped":
                s.progress.skipped += 1;
                this.#afterConfigure(() => s.markMissing(event.start, event.end, skipReason(event)));
                break;
            case "manifest":
                s.mark("manifest");
                this.#afterConfigure(() => {
                    s.addChunks(event.manifest.chunks);
                    s.finish(event.manifest);
                }, event.manifest);
                break;
            case "error":
                s.error = event.error;
                this.#afterConfigure(() => s.finish(null));
                s.event("error", { message: `generation failed: ${event.error}`, fatal: s.loader.records.size === 0 });
                break;
            default:
                break;
        }
        s.emitStats();
    }

    /** Runs `fn` once configured (a manifest line may be the first to configure). */
    #afterConfigure(fn, manifest) {
        const s = this.session;
        if (!this.configuring && manifest) this.configuring = s.configure(manifest);
        if (!this.configuring && !s.grid) return; // an error before any metadata: nothing to plan
        (this.configuring ?? Promise.resolve()).then(() => {
            if (!s.stopped && s.grid) fn();
        });
    }

    /**
     * Asks /data about a range played from a remembered manifest. When the server now lists
     * other chunks or other versions (a rewrite), or no longer holds the whole range, the
     * remembered manifest is forgotten: the next playback asks /data and fetches what changed.
     * @returns {Promise<"current"|"changed"|"unknown">}
     */
    async revalidate(remembered) {
        const s = this.session;
        const req = s.request;
        let outcome = "unknown";
        try {
            const response = await s.fetch(new URL(`/data?${dataQuery(req)}`, s.base), { signal: s.abort.signal });
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
            if (outcome === "changed") await s.cache.forgetManifest(manifestKey(req, req.start, req.end));
        } catch {
            outcome = "unknown";
        }
        return outcome;
    }

    /** Keeps a complete manifest of an explicit range, so a repeat needs no /data request. */
    remember(manifest) {
        const s = this.session;
        const req = s.request;
        if (!s.cache || !manifest.complete || !req.start || !req.end) return;
        if (parseTime(manifest.start) !== parseTime(req.start) || parseTime(manifest.end) !== parseTime(req.end)) return;
        const keys = manifest.chunks.map((c) => c.key);
        // Only once every chunk is in IndexedDB (stores finish after the loads).
        const check = async () => {
            const present = await s.cache.has(keys);
            if (keys.every((k) => present.has(k))) await s.cache.putManifest(manifestKey(req, req.start, req.end), manifest);
        };
        s.idle().then(check).catch(() => {});
    }
}

/** Why the server skipped a chunk, in the page's words (DataEvent.chunkSkipped's reasons). */
export function skipReason(event) {
    const reason = String(event.reason ?? "");
    if (reason === "no data" || reason === "") return "no data at the source";
    const incomplete = /^incomplete: ([\d.]+)%/.exec(reason);
    if (incomplete) return `below 95 % (${incomplete[1]} % of the samples at the source)`;
    if (reason.startsWith("not fetched")) return "not fetched in time: the source was slow (ask again later)";
    return `not stored: ${reason}`;
}
