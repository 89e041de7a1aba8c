// Audification: processed seismic samples → audio frames, and audio frames → the 1024-frame
// blocks the AudioWorklet is fed with. Plain ES module: the Worker and Node's tests use it.
//
// Speed is seismic samples per audio frame: 1 plays every sample as one frame at the
// AudioContext's rate (100 Hz data at 48 kHz: 480× real time); 2 takes two samples per
// frame (their mean); 0.5 spreads one sample over two frames (linear interpolation).

export const BLOCK_FRAMES = 1024;

/**
 * A streaming resampler. `push(samples, count)` takes the next `count` samples of the
 * stream and calls `emit(frames, n)` with the frames they complete; `finish()` emits the
 * last frames. Frame j stands for the samples at positions [j·speed, (j+1)·speed):
 * speed 1 copies, speed > 1 averages them (a box filter against aliasing), speed < 1
 * interpolates between the samples around j·speed.
 */
export class Audifier {
    constructor(speed, emit) {
        if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`bad speed ${speed}`);
        this.speed = speed;
        this.emit = emit;
        this.frame = 0;          // index of the next frame to emit
        this.consumed = 0;       // samples pushed so far
        this.sum = 0;            // speed > 1: running sum for the current frame
        this.count = 0;
        this.previous = 0;       // speed < 1: the sample before the current push
        this.out = new Float32Array(BLOCK_FRAMES);
        this.outLength = 0;
    }

    push(samples, count = samples.length) {
        const s = this.speed;
        if (s === 1) {
            this.#emitArray(samples, count);
        } else if (s > 1) {
            for (let i = 0; i < count; i++) {
                this.sum += samples[i];
                this.count += 1;
                const absolute = this.consumed + i + 1;  // samples seen after this one
                if (absolute >= Math.floor((this.frame + 1) * s)) {
                    this.#put(this.sum / this.count);
                    this.sum = 0;
                    this.count = 0;
                    this.frame += 1;
                }
            }
        } else {
            // Frame j at position p = j·s, between samples floor(p) and floor(p) + 1.
            const base = this.consumed;
            for (;;) {
                const p = this.frame * s;
                const i = Math.floor(p);
                if (i + 1 >= base + count) break;  // needs a sample not pushed yet
                const a = i - base < 0 ? this.previous : samples[i - base];
                const b = samples[i + 1 - base];
                this.#put(a + (b - a) * (p - i));
                this.frame += 1;
            }
            if (count > 0) this.previous = samples[count - 1];
        }
        this.consumed += count;
        this.#flushOut();
    }

    /** The stream ended: emit what remains (a partial average, the last sample held). */
    finish() {
        const s = this.speed;
        if (s > 1) {
            if (this.count > 0) {
                this.#put(this.sum / this.count);
                this.frame += 1;
                this.sum = 0;
                this.count = 0;
            }
        } else if (s < 1) {
            while (this.frame * s < this.consumed) {
                // Past the last pair of samples: hold the last one.
                this.#put(this.previous);
                this.frame += 1;
            }
        }
        this.#flushOut();
    }

    /** Frames for `samples` seismic samples at this speed (the length of the audio). */
    static framesFor(samples, speed) {
        return speed === 1 ? samples : Math.ceil(samples / speed);
    }

    #put(v) {
        this.out[this.outLength++] = v;
        if (this.outLength === this.out.length) this.#flushOut();
    }

    #emitArray(samples, count) {
        this.frame += count;
        this.#flushOut();
        this.emit(samples, count);
    }

    #flushOut() {
        if (this.outLength > 0) {
            const n = this.outLength;
            this.outLength = 0;
            this.emit(this.out, n);
        }
    }
}

/**
 * Cuts a frame stream into blocks of exactly 1024 frames (the last one may be shorter),
 * each a new Float32Array handed to `send(block)` (its buffer can be transferred).
 */
export class BlockFramer {
    constructor(send, blockFrames = BLOCK_FRAMES) {
        this.send = send;
        this.blockFrames = blockFrames;
        this.block = new Float32Array(blockFrames);
        this.length = 0;
        this.frames = 0;  // frames sent
    }

    push(frames, count = frames.length) {
        let i = 0;
        while (i < count) {
            const n = Math.min(count - i, this.blockFrames - this.length);
            this.block.set(frames.subarray(i, i + n), this.length);
            this.length += n;
            i += n;
            if (this.length === this.blockFrames) this.#send();
        }
    }

    /** Sends the partial last block. */
    flush() {
        if (this.length > 0) this.#send();
    }

    #send() {
        const block = this.length === this.blockFrames ? this.block : this.block.slice(0, this.length);
        this.frames += this.length;
        this.block = new Float32Array(this.blockFrames);
        this.length = 0;
        this.send(block);
    }
}
