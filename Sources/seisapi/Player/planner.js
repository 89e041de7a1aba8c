// Planning a request: its sample grid, which chunk supplies which samples, which spans are
// missing, and the bounded queue that loads chunks in playback order. Plain ES module, no
// DOM: the Worker and Node's tests import it.
//
// One grid per request: absolute sample index n is at n / rate seconds after
// 1970-01-01T00:00:00Z. Chunk starts are on it (they start on whole 10 minutes and a
// 10-minute chunk holds a whole number of samples); the request is the indices
// [ceil(start·rate), ceil(end·rate)), i.e. the samples whose time lies in [start, end).

const GRID_EPSILON = 1e-6;

/** Epoch seconds of an ISO 8601 time ("2025-11-04T22:00:00Z"). */
export function parseTime(iso) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${iso}`);
    return ms / 1000;
}

/** ISO 8601 UTC without milliseconds when they are zero. */
export function formatTime(seconds) {
    const iso = new Date(Math.round(seconds * 1000)).toISOString();
    return iso.endsWith(".000Z") ? iso.slice(0, -5) + "Z" : iso;
}

export class SampleGrid {
    constructor(rate, startSeconds, endSeconds) {
        if (!(rate > 0)) throw new RangeError(`bad sample rate ${rate}`);
        this.rate = rate;
        this.start = startSeconds;
        this.end = endSeconds;
        this.first = this.index(startSeconds);
        this.last = Math.max(this.first, this.index(endSeconds));
        this.total = this.last - this.first;
    }

    /** The first grid index at or after a time. */
    index(seconds) {
        return Math.ceil(seconds * this.rate - GRID_EPSILON);
    }

    /** The grid index of a chunk's first sample. */
    chunkIndex(seconds) {
        return Math.round(seconds * this.rate);
    }

    /** The time of a grid index (epoch seconds). */
    time(index) {
        return index / this.rate;
    }
}

/**
 * A chunk entry of a manifest / `chunk` line, in the form the player uses.
 * @returns {{key, url, kind, startSeconds, endSeconds, first, samples, min, max,
 *            gapCount, gapSamplesFilled, edgeFilledSamples, compressedBytes, gaps}}
 */
export function describeChunk(entry, grid) {
    const startSeconds = parseTime(entry.start);
    const endSeconds = parseTime(entry.end);
    const samples = Number(entry.samples);
    if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`chunk ${entry.key}: bad samples ${entry.samples}`);
    return {
        key: entry.key ?? entry.url,
        url: entry.url,
        kind: entry.kind ?? "",
        start: entry.start,
        end: entry.end,
        startSeconds,
        endSeconds,
        first: grid.chunkIndex(startSeconds),
        samples,
        min: entry.min,
        max: entry.max,
        gapCount: entry.gap_count ?? 0,
        gapSamplesFilled: entry.gap_samples_filled ?? 0,
        edgeFilledSamples: entry.edge_filled_samples ?? 0,
        compressedBytes: entry.compressed_size_bytes ?? null,
        gaps: describeGaps(entry.gaps, grid),
        // The stored bytes' version (a content hash): a chunk rewritten under the same key
        // has another one, so a mirrored copy of the old bytes is not used for it.
        version: entry.version ?? null,
    };
}

/**
 * Where a chunk's gaps are (the day metadata's `gaps` list: the last real sample before each
 * gap and the first after it), as the grid indices interpolation filled: [from, to) lies
 * strictly between the two real samples. `null` when the entry lists none (no gap, or metadata
 * written before gaps were placed: `gap_count` then counts gaps the player cannot place).
 * @returns {{from, to, start, end, samples}[] | null}
 */
export function describeGaps(gaps, grid) {
    if (!Array.isArray(gaps) || gaps.length === 0) return null;
    return gaps.map((gap) => {
        const before = parseTime(gap.start) * grid.rate;
        const after = parseTime(gap.end) * grid.rate;
        const from = Math.floor(before + GRID_EPSILON) + 1;
        return { from, to: Math.max(from, Math.ceil(after - GRID_EPSILON)), start: gap.start, end: gap.end, samples: gap.samples ?? null };
    });
}

/**
 * Which source supplies each sample of [grid.first, grid.last): segments {from, to, source}
 * (source null: missing, silence). A span is assigned once, to the first source that covers
 * it, so what has been played never changes; later sources fill only what is still open.
 * Until `finish()` an open span may still come (a streamed miss); after it, every open span
 * is missing.
 */
export class CoveragePlan {
    constructor(grid) {
        this.grid = grid;
        this.segments = []; // sorted by from, not overlapping
        this.finished = false;
    }

    /**
     * Assigns the open parts of [first, first + samples) ∩ the request to `source`.
     * @returns {Array<{from, to, source}>} the new segments (empty: nothing was open)
     */
    add(source, first, samples) {
        return this.#assign(Math.max(first, this.grid.first), Math.min(first + samples, this.grid.last), source);
    }

    /** Marks the open parts of [from, to) missing (a chunk the server skipped). */
    markMissing(from, to) {
        return this.#assign(Math.max(from, this.grid.first), Math.min(to, this.grid.last), null);
    }

    /** No more sources: every open span is missing. @returns the new missing segments */
    finish() {
        const added = this.#assign(this.grid.first, this.grid.last, null);
        this.finished = true;
        return added;
    }

    /** The segment holding `index`, or null while that span is open. */
    segmentAt(index) {
        const s = this.segments;
        let lo = 0;
        let hi = s.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (s[mid].to <= index) lo = mid + 1;
            else if (s[mid].from > index) hi = mid - 1;
            else return s[mid];
        }
        return null;
    }

    /** The open spans (not yet assigned). */
    openSpans() {
        const spans = [];
        let cursor = this.grid.first;
        for (const seg of this.segments) {
            if (seg.from > cursor) spans.push({ from: cursor, to: seg.from });
            cursor = Math.max(cursor, seg.to);
        }
        if (cursor < this.grid.last) spans.push({ from: cursor, to: this.grid.last });
        return spans;
    }

    /** The missing segments, adjacent ones merged. */
    missingSpans() {
        const spans = [];
        for (const seg of this.segments) {
            if (seg.source !== null) continue;
            const last = spans[spans.length - 1];
            if (last && last.to === seg.from) last.to = seg.to;
            else spans.push({ from: seg.from, to: seg.to });
        }
        return spans;
    }

    /** Whether every sample has a source or is known missing. */
    get complete() {
        return this.openSpans().length === 0;
    }

    #assign(lo, hi, source) {
        const added = [];
        if (hi <= lo) return added;
        let cursor = lo;
        const result = [];
        for (const seg of this.segments) {
            if (seg.to <= cursor || seg.from >= hi) {
                result.push(seg);
                continue;
            }
            if (seg.from > cursor) added.push({ from: cursor, to: seg.from, source });
            result.push(seg);
            cursor = Math.max(cursor, seg.to);
        }
        if (cursor < hi) added.push({ from: cursor, to: hi, source });
        if (added.length) {
            this.segments = result.concat(added).sort((a, b) => a.from - b.from);
        }
        return added;
    }
}

/**
 * Runs `load(item)` for queued items, at most `limit` at a time, always starting the queued
 * item with the lowest priority first (playback order: the chunk the player needs next).
 * `reprioritize()` re-ranks what has not started (after a seek).
 */
export class FetchQueue {
    constructor({ limit = 4, load, priority = (item) => item.first ?? 0, onSettled = () => {} }) {
        if (!(limit >= 1)) throw new RangeError("limit must be at least 1");
        this.limit = limit;
        this.load = load;
        this.priority = priority;
        this.onSettled = onSettled;
        this.queued = [];
        this.running = 0;
        this.maxRunning = 0;
        this.started = [];
        this.closed = false;
        this.idleWaiters = [];
    }

    /** Queues an item; items added in the same task are ranked together before any starts. */
    add(item) {
        if (this.closed) return;
        this.queued.push(item);
        if (!this.scheduled) {
            this.scheduled = true;
            queueMicrotask(() => {
                this.scheduled = false;
                this.#pump();
            });
        }
    }

    reprioritize(priority) {
        if (priority) this.priority = priority;
        this.#pump();
    }

    /** Drops what has not started; running loads finish but start nothing new. */
    close() {
        this.closed = true;
        this.queued = [];
        this.#checkIdle();
    }

    get pending() {
        return this.queued.length;
    }

    /** Resolves when nothing is queued or running. */
    idle() {
        if (this.running === 0 && this.queued.length === 0) return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }

    #pump() {
        while (!this.closed && this.running < this.limit && this.queued.length > 0) {
            let best = 0;
            let bestRank = this.priority(this.queued[0]);
            for (let i = 1; i < this.queued.length; i++) {
                const rank = this.priority(this.queued[i]);
                if (rank < bestRank) {
                    best = i;
                    bestRank = rank;
                }
            }
            const item = this.queued.splice(best, 1)[0];
            this.running += 1;
            this.maxRunning = Math.max(this.maxRunning, this.running);
            this.started.push(item);
            Promise.resolve()
                .then(() => this.load(item))
                .then(
                    (value) => this.onSettled(item, null, value),
                    (error) => this.onSettled(item, error, undefined),
                )
                .finally(() => {
                    this.running -= 1;
                    this.#pump();
                    this.#checkIdle();
                });
        }
        this.#checkIdle();
    }

    #checkIdle() {
        if (this.running === 0 && this.queued.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
        }
    }
}

/** The /data query string of a request ({network, volcano, station, location, channel,
 *  start?, end?, duration?}); location "" is sent empty. */
export function dataQuery(request) {
    const params = new URLSearchParams();
    for (const name of ["network", "volcano", "station", "location", "channel"]) {
        params.set(name, request[name] ?? "");
    }
    if (request.start) params.set("start", request.start);
    if (request.end) params.set("end", request.end);
    else if (request.duration) params.set("duration", request.duration);
    return params.toString();
}

/** Seconds of a duration like "10m", "6h", "7d". */
export function durationSeconds(text) {
    const m = /^(\d+)([mhd])$/.exec(String(text));
    if (!m) throw new RangeError(`bad duration ${text}`);
    return Number(m[1]) * { m: 60, h: 3600, d: 86400 }[m[2]];
}
