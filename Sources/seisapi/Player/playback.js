// The playback pass of one channel: from a grid index (the start, a seek, a speed change:
// one *generation*), process the samples in order (filter state carried, restarted after a
// missing span), audify them at the speed and cut them into 1024-frame blocks. `FrameTap`
// records the first frames sent (the test hook's `tap`).
//
// No DOM: session.js owns the flow control and the worklet's port; this only makes blocks.

import { SeismicProcessor } from "./filter.js";
import { Audifier, BlockFramer } from "./audify.js";
import { MISSING } from "./chunk-loader.js";
import { SLICE } from "./analysis.js";

export class PlaybackRun {
    /**
     * @param {object} o
     * @param {number} o.generation
     * @param {number} o.startIndex     grid index to start at
     * @param {number} o.speed          seismic samples per audio frame
     * @param {number} o.rate
     * @param {object} o.normalization
     * @param {object} o.plan           the CoveragePlan
     * @param {object|null|undefined} o.checkpoint  the filter state at the start of the segment
     *        holding startIndex (undefined: not analysed yet, start at the steady state there)
     * @param {(block: Float32Array) => void} o.send  each 1024-frame block
     * @param {(y: Float32Array) => void} [o.onSamples]  the processed samples, before audification
     */
    constructor({ generation, startIndex, speed, rate, normalization, loudness, plan, checkpoint, send, skipMissing = false, fadeSamples = 1, onSkip, onSamples }) {
        Object.assign(this, { generation, startIndex, speed, plan, skipMissing, onSkip, onSamples });
        this.cursor = startIndex;
        this.ended = false;
        this.exact = true;
        this.warmFrom = null;
        this.played = 0;            // samples audified (the frame of a skip is played / speed)
        this.fade = Math.max(1, Math.round(fadeSamples));
        this.fadeInLeft = 0;        // samples of a fade-in still to apply (after a skipped span)
        this.processor = new SeismicProcessor({ rate, normalization, loudness });
        this.scratch = new Float32Array(SLICE);
        this.zeros = new Float32Array(SLICE);
        this.framer = new BlockFramer(send);
        this.audifier = new Audifier(speed, (frames, n) => this.framer.push(frames, n));
        // Resume the filter exactly: the state at the segment's start, then run up to `index`.
        const segment = plan.segmentAt(startIndex);
        if (segment && startIndex > segment.from) {
            if (checkpoint !== undefined) {
                if (checkpoint !== null) this.processor.setState(checkpoint);
                this.warmFrom = segment.from;
            } else {
                this.exact = false; // not analysed that far yet: start at the steady state here
            }
        }
    }

    /** Frames made but not yet sent (less than one block). */
    get buffered() {
        return this.framer.length;
    }

    /**
     * Processes and audifies until `room()` frames are made or data is missing.
     * @param {(segment: object) => Int32Array|symbol|null} data  the loader's `data`
     * @param {() => number} room  frames still wanted (flow control)
     * @param {number} last  the grid's end
     * @returns {{processed: number, ended: boolean}}
     */
    pump(data, room, last) {
        let processed = 0;
        while (!this.ended && room() > 0) {
            if (this.cursor >= last) {
                this.audifier.finish();
                this.framer.flush();
                this.ended = true;
                return { processed, ended: true };
            }
            const segment = this.plan.segmentAt(this.cursor);
            if (!segment) break;
            const samples = data(segment);
            if (samples === null) break;
            // A chunk's head (its first samples, while the rest is read) may end before the cursor.
            const held = samples === MISSING ? segment.to : segment.source.desc.first + samples.length;
            if (held <= this.cursor) break;
            if (this.warmFrom !== null) {
                // Seek inside a segment: run the filter from the segment's start, discarding.
                if (samples !== MISSING) {
                    const offset = segment.source.desc.first;
                    for (let i = this.warmFrom; i < this.cursor; i += SLICE) {
                        const n = Math.min(SLICE, this.cursor - i);
                        this.processor.process(samples, this.scratch, { from: i - offset, to: i - offset + n });
                    }
                }
                this.warmFrom = null;
            }
            if (samples === MISSING && this.skipMissing) {
                // Skip the span: no frames; the next samples start with a fade-in.
                this.onSkip?.({ frame: Math.round(this.played / this.speed), from: this.cursor, to: segment.to });
                this.processor.restart();
                this.fadeInLeft = this.played > 0 ? this.fade : 0;
                this.cursor = segment.to;
                continue;
            }
            const samplesWanted = Math.max(1024, Math.ceil(room() * this.speed) + 1);
            const n = Math.min(Math.min(segment.to, held) - this.cursor, SLICE, samplesWanted);
            let y = this.zeros;
            if (samples === MISSING) {
                this.processor.restart();
            } else {
                const offset = segment.source.desc.first;
                this.processor.process(samples, this.scratch, { from: this.cursor - offset, to: this.cursor - offset + n });
                if (this.skipMissing) this.#fades(segment, n, last);
                y = this.scratch;
            }
            this.onSamples?.(y.subarray(0, n));
            this.audifier.push(y, n);
            this.played += n;
            this.cursor += n;
            processed += n;
            if (this.cursor === segment.to && segment.to < last) {
                // Entering the next segment soon: make sure its chunk is (re)loading.
                const next = this.plan.segmentAt(segment.to);
                if (next) data(next);
            }
        }
        return { processed, ended: false };
    }

    /** 5 ms fades at the joins of a skipped span: in after it, out before the next one. */
    #fades(segment, n, last) {
        const y = this.scratch;
        for (let k = 0; k < n && this.fadeInLeft > 0; k++, this.fadeInLeft--) y[k] *= (this.fade - this.fadeInLeft) / this.fade;
        if (segment.to >= last) return;
        const next = this.plan.segmentAt(segment.to);
        if (!next || (next.source !== null && next.source.state !== "failed")) return;
        for (let k = Math.max(0, segment.to - this.fade - this.cursor); k < n; k++) {
            y[k] *= (segment.to - (this.cursor + k) - 1) / this.fade;
        }
    }
}

/** The first processed samples of a playback (closed by a seek or speed change). */
export class FrameTap {
    constructor() {
        this.buffer = null;
        this.length = 0;
        this.open = true;
        this.waiters = [];
    }

    /** Sizes the recording once the range is known. */
    allocate(frames) {
        this.buffer = new Float32Array(Math.max(1, frames));
    }

    record(block) {
        if (!this.open || !this.buffer) return;
        const n = Math.min(this.buffer.length - this.length, block.length);
        this.buffer.set(block.subarray(0, n), this.length);
        this.length += n;
        if (this.length >= this.buffer.length) this.open = false;
        this.resolve(false);
    }

    /** No more samples will be recorded (a seek, a speed change, the end, a stop): waiters get what there is. */
    close() {
        this.open = false;
        this.resolve(false);
    }

    /** Resolves with the first n frames once that many were recorded (or no more will be). */
    frames(n) {
        return new Promise((resolve) => {
            this.waiters.push({ n, resolve });
            this.resolve(false);
        });
    }

    resolve(final) {
        if (final) this.open = false;
        const ended = !this.open;
        this.waiters = this.waiters.filter(({ n, resolve }) => {
            if (this.length >= n || ended) {
                resolve(this.buffer ? Array.from(this.buffer.subarray(0, Math.min(n, this.length))) : []);
                return false;
            }
            return true;
        });
    }
}

/** The way to the AudioWorklet: its port (blocks made before it is attached wait), and the
 *  frames sent and consumed of the current generation (flow control). */
export class WorkletOutlet {
    constructor() {
        this.sink = null;          // the worklet's MessagePort (or a test double)
        this.pending = [];         // messages made before the sink was attached
        this.sentFrames = 0;
        this.consumedFrames = 0;
    }

    attach(sink, generation) {
        this.sink = sink;
        // The worklet starts at generation 0: tell it the current one before its blocks.
        if (generation > 0) sink.postMessage({ type: "flush", generation });
        for (const [message, transfer] of this.pending) sink.postMessage(message, transfer);
        this.pending = [];
    }

    /** A new generation: the worklet drops its queue. */
    flush(generation) {
        this.sentFrames = 0;
        this.consumedFrames = 0;
        this.pending = [];
        if (this.sink) this.sink.postMessage({ type: "flush", generation });
    }

    block(generation, samples) {
        this.sentFrames += samples.length;
        this.post({ type: "block", generation, samples }, [samples.buffer]);
    }

    post(message, transfer = []) {
        if (this.sink) this.sink.postMessage(message, transfer);
        else this.pending.push([message, transfer]);
    }

    /** Frames sent (plus `buffered` not yet sent) that the worklet has not consumed. */
    queued(buffered = 0) {
        return this.sentFrames + buffered - this.consumedFrames;
    }
}

/**
 * Every frame of the range at `options.speed`, as a playback from the start makes them (the
 * WAV of the view): waits where chunks are still loading.
 * @param {object} o  {grid, plan, data(segment), isStopped(), ...PlaybackRun's options}
 * @returns {Promise<Float32Array>}
 */
export async function renderFrames(o) {
    const blocks = [];
    const run = new PlaybackRun({ ...o, generation: -1, startIndex: o.grid.first, checkpoint: undefined, send: (b) => blocks.push(b) });
    while (!run.ended) {
        run.pump(o.data, () => 1 << 20, o.grid.last);
        if (o.isStopped()) throw new Error("stopped");
        if (!run.ended) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const b of blocks) {
        out.set(b, at);
        at += b.length;
    }
    return out;
}
