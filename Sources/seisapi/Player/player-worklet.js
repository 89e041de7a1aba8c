// The AudioWorklet processor "seiscache-player": plays the 1024-frame Float32 blocks the
// decoding Worker sends over a MessagePort, mono (the destination upmixes).
//
// - It starts once ≥ startFrames (1 s at the context's rate) are queued, or the stream ended
//   shorter than that; after running dry it waits for 1 s again (re-buffering, counted as an
//   underrun) instead of stuttering.
// - Blocks carry a generation; "flush" (a seek, a speed change) drops the queue and starts a
//   new generation, faded in over 5 ms so the jump does not click; "stop" fades out.
// - The samples themselves are played as sent: blocks join without any seam.
// - It reports consumed frames to the Worker (flow control) and the playhead to the page.

const FADE_SECONDS = 0.005;
const REPORT_FRAMES = 2048;

class SeiscachePlayerProcessor extends AudioWorkletProcessor {
    constructor(options) {
        super();
        const o = options.processorOptions || {};
        this.startFrames = o.startFrames || sampleRate;
        this.fadeFrames = Math.max(1, Math.round(sampleRate * FADE_SECONDS));
        this.worker = null;
        this.reset(0);
        this.alive = true;
        this.stopping = -1;       // frames left in the fade-out, -1: not stopping
        this.underruns = 0;
        this.port.onmessage = (e) => this.onPage(e.data);
    }

    reset(generation) {
        this.generation = generation;
        this.queue = [];
        this.head = 0;            // read position in queue[0]
        this.queued = 0;
        this.consumed = 0;
        this.started = false;
        this.ended = false;
        this.endReported = false;
        this.fade = 0;            // frames into the fade-in
        this.sinceReport = 0;
        this.dry = false;
    }

    onPage(message) {
        if (message.type === "port") {
            this.worker = message.port;
            this.worker.onmessage = (e) => this.onWorker(e.data);
        } else if (message.type === "stop") {
            this.stopping = this.started ? this.fadeFrames : 0;
        }
    }

    onWorker(message) {
        if (message.type === "flush") {
            this.reset(message.generation);
            return;
        }
        if (message.type === "stop") {
            this.stopping = this.started ? this.fadeFrames : 0;
            return;
        }
        if (message.generation !== this.generation) return;
        if (message.type === "block") {
            this.queue.push(message.samples);
            this.queued += message.samples.length;
        } else if (message.type === "end") {
            this.ended = true;
        }
    }

    post(message) {
        this.port.postMessage(message);
        if (this.worker) this.worker.postMessage(message);
    }

    process(inputs, outputs) {
        const output = outputs[0];
        const out = output[0];
        const frames = out.length;
        if (this.stopping === 0) {
            out.fill(0);
            this.copy(output);
            this.alive = false;
            return false;
        }
        if (!this.started) {
            if (this.queued >= this.startFrames || (this.ended && this.queued > 0)) {
                this.started = true;
                this.post({ type: this.dry ? "resumed" : "started", generation: this.generation, frame: currentFrame, time: currentTime, queued: this.queued });
                this.dry = false;
            } else {
                if (this.ended && this.queued === 0 && !this.endReported) this.finishStream();
                out.fill(0);
                this.copy(output);
                return true;
            }
        }
        let i = 0;
        while (i < frames && this.queue.length > 0) {
            const block = this.queue[0];
            const n = Math.min(frames - i, block.length - this.head);
            for (let k = 0; k < n; k++) {
                let v = block[this.head + k];
                if (this.fade < this.fadeFrames) {
                    v *= this.fade / this.fadeFrames;
                    this.fade += 1;
                }
                out[i + k] = v;
            }
            i += n;
            this.head += n;
            this.queued -= n;
            this.consumed += n;
            this.sinceReport += n;
            if (this.head === block.length) {
                this.queue.shift();
                this.head = 0;
            }
        }
        if (i < frames) {
            out.fill(0, i);
            if (this.ended) {
                if (!this.endReported) this.finishStream();
            } else {
                // Ran dry before the end: wait for 1 s again.
                this.underruns += 1;
                this.started = false;
                this.dry = true;
                this.post({ type: "underrun", generation: this.generation, frame: currentFrame, underruns: this.underruns });
            }
        }
        if (this.stopping > 0) {
            for (let k = 0; k < frames; k++) {
                out[k] *= Math.max(0, this.stopping - k) / this.fadeFrames;
            }
            this.stopping = Math.max(0, this.stopping - frames);
        }
        if (this.sinceReport >= REPORT_FRAMES) {
            this.sinceReport = 0;
            this.post({ type: "consumed", generation: this.generation, frames: this.consumed, time: currentTime });
        }
        this.copy(output);
        return true;
    }

    finishStream() {
        this.endReported = true;
        this.post({ type: "consumed", generation: this.generation, frames: this.consumed, time: currentTime });
        this.post({ type: "ended", generation: this.generation, frames: this.consumed });
    }

    copy(output) {
        for (let c = 1; c < output.length; c++) output[c].set(output[0]);
    }
}

registerProcessor("seiscache-player", SeiscachePlayerProcessor);
