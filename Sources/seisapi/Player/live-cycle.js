// One cycle of Live mode for one channel: a Session (session.js) over a fixed window — the
// newest N minutes when the cycle starts — whose samples are the cached part from `/data` (the
// existing path: a hit, the mirror or a streamed miss, stitched exactly as a playback is) and
// then the live tail's records. The records become sources of the same CoveragePlan a chunk is:
// the same playback and analysis passes process them (filter state carried across the join,
// restarted after a missing span, one normalization for the window), so a record plays
// exactly as the same samples play from a chunk.
//
// Where the cache and the tail overlap, the cache's samples are used (they are stored first;
// a record only fills what no chunk covers). `/data` is asked only for the part of the window
// before the tail's first sample — up to the 10-minute boundary after it (whole windows: the
// server stores a chunk of a window only whole, so the join is covered) — and the window is the
// grid.
//
// No DOM: live-playback.js makes one per channel and cycle; Node's tests run it with fakes.

import { Session } from "./session.js";
import { formatTime } from "./planner.js";
import { mergeRanges, rangeOf } from "./live-tail.js";

/** A time on the grid as whole milliseconds, floored: its grid index (ceil) is `index` again. */
export function gridTime(index, rate) {
    return Math.floor((index / rate) * 1000) / 1000;
}

export class LiveCycle extends Session {
    /**
     * @param {object} o  Session's options, and:
     * @param {{from: number, to: number}} o.window  grid indices of the cycle's window
     * @param {{first: number, data: Int32Array}[]} o.runs  the tail's runs in the window
     * @param {number} o.rate  the channel's sample rate
     * @param {number} [o.generation]  the generation the worklet is at (a later cycle on the same port)
     */
    constructor(o) {
        const start = gridTime(o.window.from, o.rate);
        const end = gridTime(o.window.to, o.rate);
        const tailFrom = o.runs.length ? o.runs[0].first : o.window.to;
        const tailFromTime = gridTime(tailFrom, o.rate);
        const dataEnd = Math.min(Math.ceil(end), Math.ceil(tailFromTime / 600) * 600);
        const dataStart = Math.floor(start);
        super({ ...o, request: { ...o.request, start: formatTime(dataStart), end: formatTime(dataEnd) } });
        this.generation = o.generation ?? 0;
        this.baseGeneration = this.generation;
        this.window = { ...o.window, start: formatTime(start), end: formatTime(end) };
        this.runs = o.runs;
        this.rate = o.rate;
        this.dataEnd = dataEnd;
        this.tailFromTime = tailFromTime;
        this.needsData = dataEnd > dataStart && tailFrom > o.window.from;
        this.liveRange = o.runs.reduce((range, r) => mergeRanges(range, rangeOf(r.data)), null);
    }

    /** Asks /data for the cached part (if the tail does not hold the whole window); a failed
     *  /data leaves the cached part missing and plays the tail. */
    async start() {
        this.mark("start");
        if (!this.needsData) {
            this.source = "live";
            await this.configure({ sample_rate: this.rate, start: this.window.start, end: this.window.end, normalization: null });
            this.finish(null);
            return;
        }
        await this.reader.run().catch((error) => {
            if (this.stopped) return;
            this.event("warning", { message: `the cached part: ${error?.message ?? error}` });
            if (this.finished) return;
            this.source ??= "live";
            const configured = this.grid ? Promise.resolve() : this.configure({ sample_rate: this.rate, normalization: null });
            return configured.then(() => this.finish(null));
        });
    }

    /** The grid is the window (not /data's whole seconds); the normalization covers the tail too. */
    async configure(info) {
        if (this.grid) return;
        const normalization = info.normalization ? mergeRanges(info.normalization, this.liveRange) : null;
        await super.configure({ ...info, sample_rate: this.rate, start: this.window.start, end: this.window.end, normalization });
    }

    /** A chunk the server skipped: missing only up to where the tail starts (the tail may hold the rest). */
    markMissing(startText, endText, reason) {
        if (Date.parse(startText) / 1000 >= this.tailFromTime) return;
        const end = Math.min(Date.parse(endText) / 1000, this.tailFromTime);
        super.markMissing(startText, formatTime(end), reason);
    }

    /** The cached part is known: the tail's records fill what no chunk covers; the rest is missing. */
    finish(manifest) {
        if (this.finished) return;
        if (!this.normalization) {
            const chunks = manifest?.normalization ?? (this.loader.records.size ? this.loader.range() : null);
            this.normalization = mergeRanges(chunks, this.liveRange);
        }
        for (const run of this.runs) this.loader.addReady(run.first, run.data, this.rate);
        for (const span of this.plan.openSpans()) {
            const reason = span.from >= this.runsEnd() ? "not arrived yet" : span.from >= (this.runs[0]?.first ?? Infinity) ? "gap in the live feed" : "not in the cache";
            this.skips.push({ ...span, reason });
        }
        super.finish(manifest);
    }

    runsEnd() {
        const last = this.runs[this.runs.length - 1];
        return last ? last.first + last.data.length : this.window.from;
    }
}
