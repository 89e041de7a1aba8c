// The spectrogram picture under a channel's overview: the Worker's columns (analysis.js: dB
// of SciPy's PSD, averaged per pixel column) drawn as they arrive, a frequency axis (Hz, log
// from 0.1 Hz or linear from 0, to Nyquist), a colour scale (dB re 1/Hz of the normalized
// signal, the top 60 dB shown) and the playhead; a click seeks, as on the overview.

const RANGE_DB = 60;
// Inferno, sampled at 8 points (matplotlib's colour map, public domain data).
const STOPS = [
    [0, 0, 4], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66], [245, 125, 21], [250, 193, 39], [252, 255, 164],
];

/** The colour (r, g, b) of v in [0, 1]. */
export function inferno(v) {
    const x = Math.min(1, Math.max(0, v)) * (STOPS.length - 1);
    const i = Math.min(STOPS.length - 2, Math.floor(x));
    const f = x - i;
    return STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * f));
}

// 256 colours looked up per pixel (drawing must not hold the page's thread: the worklet's
// "started" message and the playhead go through it).
const LUT = new Uint8Array(256 * 3);
for (let i = 0; i < 256; i++) LUT.set(inferno(i / 255), i * 3);

export class SpectrogramView {
    constructor(canvas, { onSeek } = {}) {
        this.canvas = canvas;
        this.ctx = canvas.getContext("2d");
        this.onSeek = onSeek;
        this.scale = "log";
        this.clear();
        canvas.addEventListener("click", (e) => {
            if (!this.info || !this.onSeek) return;
            const rect = canvas.getBoundingClientRect();
            const f = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
            this.onSeek((this.info.first + f * this.info.total) / this.info.rate);
        });
        new ResizeObserver(() => this.resize()).observe(canvas);
    }

    clear() {
        this.info = null;
        this.data = null;
        this.playhead = null;
        this.peak = -Infinity;
        this.#scheduleDraw();
    }

    configure(info) {
        this.info = info; // {rate, first, total}
        this.data = null;
        this.peak = -Infinity;
        this.#scheduleDraw();
    }

    setScale(scale) {
        this.scale = scale === "linear" ? "linear" : "log";
        this.#scheduleDraw();
    }

    /** A "spectrogram" event: picture columns [from, from + n) in dB. */
    add(m) {
        if (!this.data || this.data.columns !== m.columns) {
            this.data = { ...m, db: new Float32Array(m.columns * m.bins), ready: 0, first: new Uint32Array(m.columns + 1) };
        }
        this.data.db.set(m.db, m.from * m.bins);
        this.data.first.set(m.first, m.from);
        this.data.ready = Math.max(this.data.ready, m.from + m.db.length / m.bins);
        for (const v of m.db) if (v > this.peak) this.peak = v;
        this.#scheduleDraw();
    }

    setPlayhead(seconds) {
        this.playhead = seconds;
        this.#scheduleDraw();
    }

    resize() {
        const dpr = globalThis.devicePixelRatio || 1;
        const w = Math.max(1, Math.round(this.canvas.clientWidth * dpr));
        const h = Math.max(1, Math.round(this.canvas.clientHeight * dpr));
        if (this.canvas.width !== w || this.canvas.height !== h) {
            this.canvas.width = w;
            this.canvas.height = h;
        }
        this.draw();
    }

    #scheduleDraw() {
        if (this.pending) return;
        this.pending = true;
        requestAnimationFrame(() => {
            this.pending = false;
            this.draw();
        });
    }

    /** The frequency (Hz) of a row of the picture (0: top). */
    frequencyAt(row, rows, nyquist) {
        const f = 1 - row / Math.max(1, rows - 1);
        return this.scale === "log" ? 0.1 * (nyquist / 0.1) ** f : nyquist * f;
    }

    draw() {
        const c = this.ctx;
        const W = this.canvas.width;
        const H = this.canvas.height;
        const dpr = globalThis.devicePixelRatio || 1;
        c.setTransform(1, 0, 0, 1, 0, 0);
        c.fillStyle = "#05070a";
        c.fillRect(0, 0, W, H);
        const d = this.data;
        const info = this.info;
        if (!d || !info || W < 2 || H < 2) {
            c.fillStyle = "#6b7c8f";
            c.font = `${12 * dpr}px system-ui, sans-serif`;
            c.textAlign = "center";
            if (info) c.fillText("spectrogram: computing…", W / 2, H / 2);
            return;
        }
        const nyquist = d.fs / 2;
        const df = d.fs / d.nperseg;
        const step = d.nperseg - d.noverlap;
        const image = c.createImageData(W, H);
        const px = image.data;
        const top = this.peak;
        const binOfRow = new Int32Array(H);
        for (let y = 0; y < H; y++) binOfRow[y] = Math.min(d.bins - 1, Math.round(this.frequencyAt(y, H, nyquist) / df));
        // Picture column g spans the centres of its spectrogram columns.
        const xOf = (k) => ((k * step + d.nperseg / 2 - step / 2) / info.total) * W;
        for (let g = 0; g < d.ready; g++) {
            const x0 = Math.max(0, Math.floor(xOf(d.first[g])));
            const x1 = Math.min(W, Math.max(x0 + 1, Math.ceil(xOf(d.first[g + 1]))));
            for (let y = 0; y < H; y++) {
                const v = (d.db[g * d.bins + binOfRow[y]] - (top - RANGE_DB)) / RANGE_DB;
                const c = 3 * Math.round(255 * (v > 1 ? 1 : v < 0 ? 0 : v));
                for (let x = x0; x < x1; x++) {
                    const o = (y * W + x) * 4;
                    px[o] = LUT[c];
                    px[o + 1] = LUT[c + 1];
                    px[o + 2] = LUT[c + 2];
                    px[o + 3] = 255;
                }
            }
        }
        c.putImageData(image, 0, 0);
        this.#axes(c, W, H, dpr, nyquist, top);
        if (this.playhead !== null) {
            const x = ((this.playhead - info.first / info.rate) / (info.total / info.rate)) * W;
            c.fillStyle = "#ff5a5f";
            c.fillRect(Math.round(x - dpr), 0, Math.max(2, Math.round(2 * dpr)), H);
        }
    }

    /** Frequency labels on the left, the colour bar on the right (over the picture). */
    #axes(c, W, H, dpr, nyquist, top) {
        c.font = `${10 * dpr}px ui-monospace, SFMono-Regular, Menlo, monospace`;
        c.textAlign = "left";
        const ticks = this.scale === "log"
            ? [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100].filter((f) => f <= nyquist)
            : Array.from({ length: 5 }, (_, i) => Math.round(((nyquist * i) / 4) * 10) / 10);
        for (const f of ticks) {
            const pos = this.scale === "log" ? Math.log(f / 0.1) / Math.log(nyquist / 0.1) : f / nyquist;
            const y = Math.round((1 - pos) * (H - 1));
            c.fillStyle = "rgba(255,255,255,0.5)";
            c.fillRect(0, y, 6 * dpr, Math.max(1, dpr));
            const label = `${f} Hz`;
            const ty = Math.min(H - 3 * dpr, Math.max(10 * dpr, y + 4 * dpr));
            c.fillStyle = "rgba(5,7,10,0.6)";
            c.fillRect(7 * dpr, ty - 10 * dpr, c.measureText(label).width + 4 * dpr, 13 * dpr);
            c.fillStyle = "#d8e1ea";
            c.fillText(label, 9 * dpr, ty);
        }
        // Colour bar: the top RANGE_DB dB.
        const bw = 10 * dpr;
        const bx = W - 62 * dpr;
        const by = 6 * dpr;
        const bh = H - 12 * dpr;
        c.fillStyle = "rgba(5,7,10,0.7)";
        c.fillRect(bx - 4 * dpr, 0, 66 * dpr, H);
        for (let y = 0; y < bh; y++) {
            const [r, g, b] = inferno(1 - y / bh);
            c.fillStyle = `rgb(${r},${g},${b})`;
            c.fillRect(bx, by + y, bw, 1);
        }
        c.fillStyle = "#d8e1ea";
        c.fillText(`${Math.round(top)} dB`, bx + bw + 3 * dpr, by + 9 * dpr);
        c.fillText(`${Math.round(top - RANGE_DB)} dB`, bx + bw + 3 * dpr, by + bh);
        c.fillText("re 1/Hz", bx + bw + 3 * dpr, by + bh / 2 + 3 * dpr);
    }
}
