// The AudioWorklet processor "seiscache-player": plays the 1024-frame Float32 blocks the
// decoding Worker sends, one MessagePort per channel played, mixed to stereo.
//
// - Stereo design: one channel plays in the middle (the same on both sides); two play left
//   and right; three or four are spread evenly from left to right with equal-power panning
//   (gains cos/sin of the position), scaled so no side can exceed full scale. Every channel
//   keeps its own processing and normalization; the mix only places them.
// - It starts once every channel has ≥ startFrames (1 s at the context's rate) queued, or has
//   ended; after one runs dry it waits for 1 s again (re-buffering, counted as an underrun).
// - Blocks carry a generation; "flush" (a seek, a speed change) drops a channel's queue and
//   starts a new generation, faded in over 5 ms so the jump does not click; "stop" fades out.
// - The samples themselves are played as sent: blocks join without any seam.
// - It reports consumed frames to each channel's Worker port (flow control) and the playhead
//   to the page.

const FADE_SECONDS = 0.005;
const REPORT_FRAMES = 2048;

/** Left/right gains of channel i of n (see the stereo design above). */
function panGains(n) {
    if (n <= 1) return [[1, 1]];
    const gains = Array.from({ length: n }, (_, i) => {
        const angle = ((i / (n - 1)) * Math.PI) / 2;
        return [Math.cos(angle), Math.sin(angle)];
    });
    const left = gains.reduce((s, g) => s + g[0], 0);
    const right = gains.reduce((s, g) => s + g[1], 0);
    const scale = 1 / Math.max(1, left, right);
    return gains.map(([l, r]) => [l * scale, r * scale]);
}

class SeiscachePlayerProcessor extends AudioWorkletProcessor {
    constructor(options) {
        super();
        const o = options.processorOptions || {};
        this.startFrames = o.startFrames || sampleRate;
        this.fadeFrames = Math.max(1, Math.round(sampleRate * FADE_SECONDS));
        this.count = o.channels || 1;
        this.gains = panGains(this.count);
        this.channels = Array.from({ length: this.count }, () => this.fresh(null, 0));
        this.started = false;
        this.fade = 0;
        this.dry = false;
        this.stopping = -1;       // frames left in the fade-out, -1: not stopping
        this.underruns = 0;
        this.port.onmessage = (e) => this.onPage(e.data);
    }

    fresh(port, generation) {
        return { port, generation, queue: [], head: 0, queued: 0, consumed: 0, ended: false, endReported: false, sinceReport: 0 };
    }

    onPage(message) {
        if (message.type === "port") {
            const c = message.channel ?? 0;
            this.channels[c].port = message.port;
            message.port.onmessage = (e) => this.onWorker(c, e.data);
        } else if (message.type === "stop") {
            this.stopping = this.started ? this.fadeFrames : 0;
        }
    }

    onWorker(c, message) {
        const ch = this.channels[c];
        if (message.type === "flush") {
            this.channels[c] = this.fresh(ch.port, message.generation);
            this.started = false;
            this.dry = false;
            this.fade = 0;
            return;
        }
        if (message.type === "stop") {
            this.stopping = this.started ? this.fadeFrames : 0;
            return;
        }
        if (message.generation !== ch.generation) return;
        if (message.type === "block") {
            ch.queue.push(message.samples);
            ch.queued += message.samples.length;
        } else if (message.type === "end") {
            ch.ended = true;
        }
    }

    /** To the page and every channel's Worker port (each with its own generation and frames). */
    post(message) {
        this.port.postMessage({ ...message, generation: this.channels[0].generation, frames: this.channels[0].consumed });
        for (const ch of this.channels) ch.port?.postMessage({ ...message, generation: ch.generation, frames: ch.consumed });
    }

    process(inputs, outputs) {
        const output = outputs[0];
        const left = output[0];
        const right = output[1] ?? output[0];
        const frames = left.length;
        left.fill(0);
        if (right !== left) right.fill(0);
        if (this.stopping === 0) return false;
        const all = this.channels;
        if (!this.started) {
            const ready = all.every((ch) => ch.queued >= this.startFrames || ch.ended);
            if (ready && all.some((ch) => ch.queued > 0)) {
                this.started = true;
                this.post({ type: this.dry ? "resumed" : "started", frame: currentFrame, time: currentTime });
                this.dry = false;
            } else {
                if (all.every((ch) => ch.ended && ch.queued === 0)) this.finishStream();
                return true;
            }
        }
        let short = false;
        all.forEach((ch, c) => {
            const [gl, gr] = this.gains[c];
            let i = 0;
            while (i < frames && ch.queue.length > 0) {
                const block = ch.queue[0];
                const n = Math.min(frames - i, block.length - ch.head);
                for (let k = 0; k < n; k++) {
                    const v = block[ch.head + k];
                    left[i + k] += v * gl;
                    if (right !== left) right[i + k] += v * gr;
                }
                i += n;
                ch.head += n;
                ch.queued -= n;
                ch.consumed += n;
                ch.sinceReport += n;
                if (ch.head === block.length) {
                    ch.queue.shift();
                    ch.head = 0;
                }
            }
            if (i < frames && !ch.ended) short = true;
        });
        // The 5 ms fade-in of a generation, the fade-out of a stop (on the mix).
        for (let k = 0; k < frames && this.fade < this.fadeFrames; k++, this.fade++) {
            left[k] *= this.fade / this.fadeFrames;
            if (right !== left) right[k] *= this.fade / this.fadeFrames;
        }
        if (this.stopping > 0) {
            for (let k = 0; k < frames; k++) {
                const g = Math.max(0, this.stopping - k) / this.fadeFrames;
                left[k] *= g;
                if (right !== left) right[k] *= g;
            }
            this.stopping = Math.max(0, this.stopping - frames);
        }
        if (short) {
            // Ran dry before the end: wait for 1 s again.
            this.underruns += 1;
            this.started = false;
            this.dry = true;
            this.post({ type: "underrun", frame: currentFrame, underruns: this.underruns });
        } else if (all.every((ch) => ch.ended && ch.queued === 0)) {
            this.finishStream();
        }
        if (all[0].sinceReport >= REPORT_FRAMES || all.some((ch) => ch.sinceReport >= REPORT_FRAMES)) {
            for (const ch of all) ch.sinceReport = 0;
            this.post({ type: "consumed", time: currentTime });
        }
        return true;
    }

    finishStream() {
        if (this.channels.every((ch) => ch.endReported)) return;
        for (const ch of this.channels) ch.endReported = true;
        this.post({ type: "consumed", time: currentTime });
        this.post({ type: "ended" });
    }
}

registerProcessor("seiscache-player", SeiscachePlayerProcessor);
