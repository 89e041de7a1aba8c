// The analysis pass of one channel: the same processing as playback, run once over the whole
// range in time order, independent of the playhead. It builds what the page draws — the
// waveform overview (min/max of the processed signal per pixel column) and the spectrogram
// (spectrogram.js; its columns averaged per pixel column for the picture, in dB) — and
// remembers the filter state at every segment start, so a seek resumes the filter exactly.
//
// No DOM: session.js drives it with `step` and sends what `take*` returns to the page.

import { SeismicProcessor } from "./filter.js";
import { Spectrogram, spectrogramParameters } from "./spectrogram.js";
import { MISSING } from "./chunk-loader.js";

export const SLICE = 1 << 16; // samples processed per step before yielding

export class Analysis {
    /**
     * @param {object} o
     * @param {import('./planner.js').SampleGrid} o.grid
     * @param {object} o.normalization  {global_min, global_max}
     * @param {string} [o.loudness]     the normalization rule (filter.js)
     * @param {number} o.width          overview / picture columns
     * @param {boolean} [o.spectrogram=true]
     */
    constructor({ grid, normalization, loudness = "seed", width, spectrogram = true }) {
        this.grid = grid;
        this.width = width;
        this.cursor = grid.first;
        this.processor = new SeismicProcessor({ rate: grid.rate, normalization, loudness });
        this.checkpoints = new Map();   // segment start → filter state (null: after a missing span)
        this.scratch = new Float32Array(SLICE);
        this.zeros = new Float32Array(SLICE);
        this.ms = 0;
        this.samples = 0;
        this.overview = {
            min: new Float32Array(width).fill(NaN), max: new Float32Array(width).fill(NaN),
            dirtyLo: Infinity, dirtyHi: -Infinity,
        };
        const p = spectrogram ? spectrogramParameters(grid.rate, grid.total) : null;
        this.spectrogram = p ? new Spectrogram({ ...p, total: grid.total }) : null;
        if (this.spectrogram) this.#pictureSetup();
    }

    get complete() {
        return this.cursor >= this.grid.last;
    }

    /**
     * Processes up to `budget` samples from the cursor, as far as loaded data allows.
     * @param {(segment: object) => Int32Array|symbol|null} data  the loader's `data`
     * @param {object} plan  the CoveragePlan
     * @param {() => number} now
     * @returns {number} samples processed
     */
    step(data, plan, budget, now) {
        const grid = this.grid;
        const t = now();
        let done = 0;
        while (this.cursor < grid.last && done < budget) {
            const segment = plan.segmentAt(this.cursor);
            if (!segment) break;
            const samples = data(segment);
            if (samples === null) break;
            // A chunk's head (chunk-loader.js) may end before the cursor: the rest comes later.
            const held = samples === MISSING ? segment.to : segment.source.desc.first + samples.length;
            if (held <= this.cursor) break;
            if (this.cursor === segment.from && !this.checkpoints.has(segment.from)) {
                this.checkpoints.set(segment.from, samples === MISSING ? null : this.processor.state());
            }
            const n = Math.min(Math.min(segment.to, held) - this.cursor, SLICE, budget - done);
            if (samples === MISSING) {
                this.processor.restart();
                this.#overviewMissing(this.cursor, this.cursor + n);
                this.spectrogram?.push(this.zeros, n);
            } else {
                const offset = segment.source.desc.first;
                this.processor.process(samples, this.scratch, { from: this.cursor - offset, to: this.cursor - offset + n });
                this.#overviewAdd(this.cursor, this.scratch, n);
                this.spectrogram?.push(this.scratch, n);
            }
            this.cursor += n;
            done += n;
        }
        this.ms += now() - t;
        this.samples += done;
        return done;
    }

    /** The overview columns changed since the last call, or null. */
    takeOverview() {
        const o = this.overview;
        if (o.dirtyHi <= o.dirtyLo) return null;
        const min = o.min.slice(o.dirtyLo, o.dirtyHi);
        const max = o.max.slice(o.dirtyLo, o.dirtyHi);
        const out = { from: o.dirtyLo, width: this.width, min, max };
        o.dirtyLo = Infinity;
        o.dirtyHi = -Infinity;
        return out;
    }

    /** The picture columns completed since the last call (dB, column-major), or null. */
    takeSpectrogram() {
        const s = this.spectrogram;
        const p = this.picture;
        if (!s || p.sent >= p.ready) return null;
        const bins = s.bins;
        const db = p.db.slice(p.sent * bins, p.ready * bins);
        const out = {
            from: p.sent, columns: p.columns, bins, fs: s.fs, nperseg: s.nperseg, noverlap: s.noverlap,
            spectrogramColumns: s.columns, first: p.first.slice(p.sent, p.ready + 1), db,
        };
        p.sent = p.ready;
        return out;
    }

    // ---- the overview ----

    #bucket(index) {
        return Math.min(this.width - 1, Math.floor(((index - this.grid.first) * this.width) / Math.max(1, this.grid.total)));
    }

    #overviewAdd(index, y, n) {
        const o = this.overview;
        const w = this.width;
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

    // ---- the spectrogram picture ----

    /** Picture column g averages spectrogram columns [first[g], first[g+1]) (at most `width` columns). */
    #pictureSetup() {
        const s = this.spectrogram;
        const columns = Math.max(1, Math.min(s.columns, this.width));
        const first = new Uint32Array(columns + 1);
        for (let g = 0; g <= columns; g++) first[g] = Math.floor((g * s.columns) / columns);
        this.picture = { columns, first, db: new Float32Array(columns * s.bins), sum: new Float64Array(s.bins), ready: 0, sent: 0 };
        s.onColumn = (index, power) => {
            const p = this.picture;
            for (let k = 0; k < s.bins; k++) p.sum[k] += power[k];
            if (index + 1 === p.first[p.ready + 1]) {
                const n = p.first[p.ready + 1] - p.first[p.ready];
                for (let k = 0; k < s.bins; k++) {
                    p.db[p.ready * s.bins + k] = 10 * Math.log10(p.sum[k] / n + 1e-30);
                    p.sum[k] = 0;
                }
                p.ready += 1;
            }
        };
    }
}
