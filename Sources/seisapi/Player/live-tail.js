// The live tail of one channel: the records `GET /live` sends (Docs/api.md, "GET /live"), held on
// the request's sample grid (absolute index n at n / rate s after 1970), each sample once.
//
//   text frame (first):   {"channel": "HV.UWE..HHZ", "sample_rate": 100, …}
//   binary frame (each):  int64 LE start time (ns since 1970) · uint32 LE count · count × int32 LE
//
// A record that overlaps what is held (the server's buffer sent again after a reconnect, a
// repeated record) keeps only its samples at grid indices not held yet: nothing is played
// twice, and what was held (and perhaps played) never changes. A record's first sample goes
// to the grid index nearest its start time (a start off the grid by a fraction of a sample
// is snapped, as the chunks' starts are on the grid).
//
// No DOM: the Worker (live-playback.js) and Node's tests import it.

/** The hello (first, text) message: {channel, sampleRate (null: the server does not know it yet),
 *  bufferMinutes, volcano, backlogRecords (how many of the records that follow are its buffer; null: not said)}. */
export function parseLiveHello(text) {
    const hello = JSON.parse(text);
    const rate = hello.sample_rate === null || hello.sample_rate === undefined ? null : Number(hello.sample_rate);
    if (typeof hello.channel !== "string" || (rate !== null && !(rate > 0))) throw new Error(`live: a bad first message: ${text.slice(0, 200)}`);
    const backlog = Number.isInteger(hello.backlog_records) && hello.backlog_records >= 0 ? hello.backlog_records : null;
    return { channel: hello.channel, sampleRate: rate, bufferMinutes: hello.buffer_minutes ?? null, volcano: hello.volcano ?? null, backlogRecords: backlog };
}

/** A record (binary message): {startNs: BigInt, samples: Int32Array}. */
export function parseLiveFrame(buffer) {
    const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    if (bytes.byteLength < 12) throw new Error(`live: a record of ${bytes.byteLength} bytes (at least 12)`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const startNs = view.getBigInt64(0, true);
    const count = view.getUint32(8, true);
    if (bytes.byteLength !== 12 + 4 * count) throw new Error(`live: a record of ${bytes.byteLength} bytes says ${count} samples`);
    const samples = new Int32Array(count);
    for (let i = 0; i < count; i++) samples[i] = view.getInt32(12 + 4 * i, true);
    return { startNs, samples };
}

/** The grid index nearest a time in ns since 1970 (exact for whole ms; float64 below that). */
export function gridIndexOfNs(startNs, rate) {
    const ms = startNs / 1_000_000n;
    const rest = Number(startNs - ms * 1_000_000n) / 1e9;
    return Math.round((Number(ms) / 1000 + rest) * rate);
}

export class LiveTail {
    /** @param {number} rate  samples per second */
    constructor(rate) {
        this.rate = rate;
        this.pieces = [];      // {first, data: Int32Array}, sorted, not overlapping
        this.samples = 0;      // held
        this.records = 0;      // received
        this.dropped = 0;      // samples received again (already held) and dropped
    }

    /** The grid index after the newest sample held (null: nothing held). */
    get end() {
        const last = this.pieces[this.pieces.length - 1];
        return last ? last.first + last.data.length : null;
    }

    /** The grid index of the oldest sample held (null: nothing held). */
    get first() {
        return this.pieces.length ? this.pieces[0].first : null;
    }

    /**
     * Holds a record's samples that are not held yet.
     * @returns {{first: number, added: number, dropped: number}} first: its grid index
     */
    add(startNs, samples) {
        const first = gridIndexOfNs(startNs, this.rate);
        this.records += 1;
        let added = 0;
        // The parts of [first, first + n) no piece holds (from the last piece starting before it).
        let cursor = first;
        const end = first + samples.length;
        const parts = [];
        for (let i = Math.max(0, this.#before(first)); i < this.pieces.length; i++) {
            const p = this.pieces[i];
            const pEnd = p.first + p.data.length;
            if (pEnd <= cursor) continue;
            if (p.first >= end) break;
            if (p.first > cursor) parts.push([cursor, p.first]);
            cursor = Math.max(cursor, pEnd);
        }
        if (cursor < end) parts.push([cursor, end]);
        for (const [a, b] of parts) {
            this.#insert({ first: a, data: samples.slice(a - first, b - first) });
            added += b - a;
        }
        this.samples += added;
        this.dropped += samples.length - added;
        return { first, added, dropped: samples.length - added };
    }

    /** Forgets samples before a grid index (the tail keeps what the longest view needs). */
    trim(before) {
        while (this.pieces.length && this.pieces[0].first + this.pieces[0].data.length <= before) {
            this.samples -= this.pieces.shift().data.length;
        }
        const p = this.pieces[0];
        if (p && p.first < before) {
            this.samples -= before - p.first;
            this.pieces[0] = { first: before, data: p.data.slice(before - p.first) };
        }
    }

    /**
     * The contiguous runs held in [from, to), each one Int32Array (adjacent pieces joined).
     * @returns {{first: number, data: Int32Array}[]}
     */
    runs(from, to) {
        const runs = [];
        let open = null;
        for (const p of this.pieces) {
            const a = Math.max(from, p.first);
            const b = Math.min(to, p.first + p.data.length);
            if (b <= a) continue;
            const part = p.data.subarray(a - p.first, b - p.first);
            if (open && open.end === a) {
                open.parts.push(part);
                open.end = b;
            } else {
                open = { first: a, end: b, parts: [part] };
                runs.push(open);
            }
        }
        return runs.map((r) => {
            const data = new Int32Array(r.end - r.first);
            let at = 0;
            for (const part of r.parts) {
                data.set(part, at);
                at += part.length;
            }
            return { first: r.first, data };
        });
    }

    /** {global_min, global_max} of the samples held in [from, to), or null when none are. */
    range(from, to) {
        let range = null;
        for (const p of this.pieces) {
            const a = Math.max(from, p.first) - p.first;
            const b = Math.min(to, p.first + p.data.length) - p.first;
            if (b > a) range = mergeRanges(range, rangeOf(p.data.subarray(a, b)));
        }
        return range;
    }

    /** The index of the last piece starting at or before `index` (-1: none); binary search. */
    #before(index) {
        let lo = 0;
        let hi = this.pieces.length - 1;
        while (lo <= hi) {
            const mid = (lo + hi) >> 1;
            if (this.pieces[mid].first <= index) lo = mid + 1;
            else hi = mid - 1;
        }
        return hi;
    }

    #insert(piece) {
        const i = this.#before(piece.first) + 1;
        if (i === this.pieces.length) this.pieces.push(piece); // the usual case: the newest record
        else this.pieces.splice(i, 0, piece);
    }
}

/** {global_min, global_max} of samples, or null when there are none. */
export function rangeOf(data) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of data) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
    }
    return lo <= hi ? { global_min: lo, global_max: hi } : null;
}

/** Two normalization ranges as one (either may be null). */
export function mergeRanges(a, b) {
    if (!a) return b ?? null;
    if (!b) return a;
    return { global_min: Math.min(a.global_min, b.global_min), global_max: Math.max(a.global_max, b.global_max) };
}

/** A run of the tail as a source of a CoveragePlan, in the form planner.js's describeChunk gives a chunk. */
export function liveDesc(first, data, rate) {
    const { global_min: lo, global_max: hi } = rangeOf(data) ?? { global_min: 0, global_max: 0 };
    const time = (i) => new Date(Math.round((i / rate) * 1000)).toISOString();
    return {
        key: `live:${first}`, url: null, kind: "live", start: time(first), end: time(first + data.length),
        startSeconds: first / rate, endSeconds: (first + data.length) / rate, first, samples: data.length, min: lo, max: hi,
        gapCount: 0, gapSamplesFilled: 0, edgeFilledSamples: 0, compressedBytes: null, gaps: null, version: null,
    };
}
