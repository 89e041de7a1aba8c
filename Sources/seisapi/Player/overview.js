// The waveform overview: min/max of the processed signal per pixel column, a UTC time
// axis, the playhead, chunk boundaries, each interpolated gap, edge-filled chunks, missing spans and
// spans still loading; a click (or Enter/arrow keys) seeks.

const AXIS = 26;      // px for the time axis
const MARKS = 10;     // px band for chunk marks at the top
const STEPS = [
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800,
];

export class Overview {
    constructor(canvas, { onSeek, tooltip } = {}) {
        this.canvas = canvas;
        this.ctx = canvas.getContext("2d");
        this.onSeek = onSeek;
        this.tooltip = tooltip;
        this.clear();
        this.hover = null;
        canvas.addEventListener("click", (e) => this.#click(e));
        canvas.addEventListener("mousemove", (e) => {
            this.hover = this.#timeAt(e);
            this.#showTooltip(e);
            this.draw();
        });
        canvas.addEventListener("mouseleave", () => {
            this.hover = null;
            if (this.tooltip) this.tooltip.hidden = true;
            this.draw();
        });
        canvas.addEventListener("keydown", (e) => this.#key(e));
        new ResizeObserver(() => this.resize()).observe(canvas);
        this.resize();
    }

    /** Columns the Worker should compute (device pixels of the plot). */
    get columns() {
        return Math.max(64, Math.round(this.canvas.clientWidth * (globalThis.devicePixelRatio || 1)));
    }

    clear() {
        this.info = null;
        this.min = null;
        this.max = null;
        this.chunks = [];
        this.missing = [];
        this.reasons = [];
        this.open = [];
        this.playhead = null;
        this.draw();
    }

    configure(info) {
        this.info = info; // {rate, first, total, start, end}
        this.min = null;
        this.max = null;
        this.draw();
    }

    plan(plan) {
        this.chunks = plan.chunks.filter((c) => c.used);
        this.missing = plan.missing;
        // Why each span is silent (session-report.js), drawn on it; still-open spans are shaded apart.
        this.reasons = (plan.reasons ?? plan.missing.map(([from, to]) => ({ from, to, reason: "missing" })))
            .filter((r) => r.reason !== "still generating");
        this.open = plan.final ? [] : plan.open;
        this.draw();
    }

    overview(m) {
        if (!this.min || this.min.length !== m.width) {
            this.min = new Float32Array(m.width).fill(NaN);
            this.max = new Float32Array(m.width).fill(NaN);
        }
        this.min.set(m.min, m.from);
        this.max.set(m.max, m.from);
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

    draw() {
        const c = this.ctx;
        const dpr = globalThis.devicePixelRatio || 1;
        const W = this.canvas.width;
        const H = this.canvas.height;
        const css = getComputedStyle(this.canvas);
        const color = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
        c.setTransform(1, 0, 0, 1, 0, 0);
        c.clearRect(0, 0, W, H);
        c.fillStyle = color("--plot-bg", "#0f1720");
        c.fillRect(0, 0, W, H);
        const axis = AXIS * dpr;
        const marks = MARKS * dpr;
        const top = marks;
        const plotH = H - axis - top;
        const mid = top + plotH / 2;
        c.strokeStyle = color("--plot-zero", "#2a3644");
        c.lineWidth = 1;
        c.beginPath();
        c.moveTo(0, Math.round(mid) + 0.5);
        c.lineTo(W, Math.round(mid) + 0.5);
        c.stroke();

        const info = this.info;
        if (!info || info.total <= 0) {
            c.fillStyle = color("--plot-muted", "#6b7c8f");
            c.font = `${13 * dpr}px system-ui, sans-serif`;
            c.textAlign = "center";
            c.fillText(this.placeholder ?? "Pick a channel and press Play", W / 2, mid + 4 * dpr);
            return;
        }
        const xOf = (index) => ((index - info.first) / info.total) * W;

        // Spans still loading / being generated, and missing spans.
        c.fillStyle = color("--plot-open", "rgba(120,140,160,0.10)");
        for (const [a, b] of this.open) c.fillRect(xOf(a), top, Math.max(1, xOf(b) - xOf(a)), plotH);
        c.font = `${12 * dpr}px system-ui, sans-serif`;
        c.textAlign = "center";
        for (const [a, b] of this.open) {
            if (xOf(b) - xOf(a) < 90 * dpr) continue;
            c.fillStyle = color("--plot-muted", "#6b7c8f");
            c.fillText("generating…", (xOf(a) + xOf(b)) / 2, mid - 8 * dpr);
        }
        for (const { from: a, to: b, reason } of this.reasons) {
            const x = xOf(a);
            const w = Math.max(2 * dpr, xOf(b) - x);
            c.fillStyle = color("--plot-missing", "rgba(220,70,70,0.16)");
            c.fillRect(x, top, w, plotH);
            c.save();
            c.beginPath();
            c.rect(x, top, w, plotH);
            c.clip();
            c.strokeStyle = color("--plot-missing-line", "rgba(220,70,70,0.45)");
            c.lineWidth = dpr;
            for (let k = -plotH; k < w; k += 8 * dpr) {
                c.beginPath();
                c.moveTo(x + k, top + plotH);
                c.lineTo(x + k + plotH, top);
                c.stroke();
            }
            c.restore();
            if (w > 70 * dpr) {
                c.fillStyle = color("--plot-missing-text", "#ff9a9d");
                c.font = `${12 * dpr}px system-ui, sans-serif`;
                c.textAlign = "center";
                let label = `missing: ${reason}`;
                while (label.length > 12 && c.measureText(label).width > w - 16 * dpr) label = `${label.slice(0, -2)}…`;
                const tw = c.measureText(label).width + 10 * dpr;
                c.save();
                c.fillStyle = color("--plot-bg", "#0e151d");
                c.fillRect(x + w / 2 - tw / 2, top + 5 * dpr, tw, 16 * dpr);
                c.restore();
                c.fillText(label, x + w / 2, top + 17 * dpr);
            }
        }

        // Chunk marks: boundaries, and gap-filled / edge-filled chunks as coloured bands. A chunk
        // whose metadata places its gaps has each gap drawn where it is (in the band and across
        // the plot); one written before gaps were placed is coloured whole.
        for (const chunk of this.chunks) {
            const x0 = xOf(Math.max(chunk.first, info.first));
            const x1 = xOf(Math.min(chunk.first + chunk.samples, info.first + info.total));
            const placed = chunk.gaps?.length > 0;
            let band = chunk.kind === "live" ? color("--mark-live", "#4f7cff") : color("--mark-ok", "#2d6a4f");
            if (!placed && (chunk.gapCount > 0 || chunk.gapSamplesFilled > 0)) band = color("--mark-gap", "#e0a030");
            else if (chunk.edgeFilledSamples > 0) band = color("--mark-edge", "#d8703a");
            if (chunk.state === "failed") band = color("--mark-failed", "#d64545");
            else if (chunk.state !== "ready" && chunk.state !== "evicted") band = color("--mark-loading", "#3b4a5c");
            c.fillStyle = band;
            c.fillRect(x0, 1 * dpr, Math.max(1, x1 - x0 - 1 * dpr), marks - 3 * dpr);
            c.fillStyle = color("--plot-chunk", "rgba(255,255,255,0.08)");
            c.fillRect(Math.round(x0), top, Math.max(1, Math.round(dpr)), plotH);
            if (placed) this.#drawGaps(chunk.gaps, { xOf, dpr, top, plotH, marks, color });
        }

        // The waveform: min/max per column, scaled to the largest value shown.
        if (this.min) {
            let peak = 0;
            for (let i = 0; i < this.min.length; i++) {
                if (!Number.isNaN(this.min[i])) peak = Math.max(peak, Math.abs(this.min[i]), Math.abs(this.max[i]));
            }
            const gain = peak > 0 ? 0.95 / peak : 1;
            this.displayGain = gain;
            const n = this.min.length;
            c.fillStyle = color("--wave", "#5cc8ff");
            for (let x = 0; x < W; x++) {
                const i0 = Math.floor((x / W) * n);
                const i1 = Math.max(i0 + 1, Math.floor(((x + 1) / W) * n));
                let lo = Infinity;
                let hi = -Infinity;
                for (let i = i0; i < i1 && i < n; i++) {
                    if (Number.isNaN(this.min[i])) continue;
                    lo = Math.min(lo, this.min[i]);
                    hi = Math.max(hi, this.max[i]);
                }
                if (lo > hi) continue;
                const y0 = mid - hi * gain * (plotH / 2);
                const y1 = mid - lo * gain * (plotH / 2);
                c.fillRect(x, y0, 1, Math.max(1, y1 - y0));
            }
            if (peak > 0) {
                c.fillStyle = color("--plot-muted", "#6b7c8f");
                c.font = `${11 * dpr}px system-ui, sans-serif`;
                c.textAlign = "right";
                c.fillText(`display ×${formatGain(gain)} (peak ${peak.toPrecision(2)})`, W - 6 * dpr, top + 13 * dpr);
            }
        }

        // The UTC time axis.
        const seconds = info.total / info.rate;
        const t0 = info.first / info.rate;
        const minPx = 110 * dpr;
        const step = STEPS.find((s) => (s / seconds) * W >= minPx) ?? STEPS[STEPS.length - 1] * Math.ceil(seconds / 86400 / 8);
        c.fillStyle = color("--axis-bg", "#0b1118");
        c.fillRect(0, H - axis, W, axis);
        c.strokeStyle = color("--axis-tick", "#3c4a5a");
        c.fillStyle = color("--axis-text", "#9fb0c2");
        c.font = `${11 * dpr}px ui-monospace, SFMono-Regular, Menlo, monospace`;
        c.textAlign = "left";
        let previousDay = null;
        for (let t = Math.ceil(t0 / step) * step; t <= t0 + seconds; t += step) {
            const x = ((t - t0) / seconds) * W;
            c.beginPath();
            c.moveTo(Math.round(x) + 0.5, H - axis);
            c.lineTo(Math.round(x) + 0.5, H - axis + 5 * dpr);
            c.stroke();
            c.strokeStyle = color("--grid", "rgba(255,255,255,0.04)");
            c.beginPath();
            c.moveTo(Math.round(x) + 0.5, top);
            c.lineTo(Math.round(x) + 0.5, H - axis);
            c.stroke();
            c.strokeStyle = color("--axis-tick", "#3c4a5a");
            const iso = new Date(t * 1000).toISOString();
            const day = iso.slice(5, 10);
            let label = step < 60 ? iso.slice(11, 19) : iso.slice(11, 16);
            if (step >= 86400) label = iso.slice(0, 10);
            else if (day !== previousDay) label = `${day} ${label}`;
            previousDay = day;
            if (x + 4 * dpr < W - 60 * dpr) c.fillText(label, x + 4 * dpr, H - 8 * dpr);
        }
        c.textAlign = "right";
        c.fillStyle = color("--plot-muted", "#6b7c8f");
        c.fillText("UTC", W - 6 * dpr, H - 8 * dpr);

        // Hover and playhead.
        if (this.hover !== null) {
            const x = ((this.hover - t0) / seconds) * W;
            c.fillStyle = color("--hover", "rgba(255,255,255,0.25)");
            c.fillRect(Math.round(x), top, Math.max(1, Math.round(dpr)), plotH);
        }
        if (this.playhead !== null) {
            const x = ((this.playhead - t0) / seconds) * W;
            c.fillStyle = color("--playhead", "#ff5a5f");
            c.fillRect(Math.round(x - dpr), 0, Math.max(2, Math.round(2 * dpr)), H - axis);
            c.beginPath();
            c.moveTo(x - 5 * dpr, 0);
            c.lineTo(x + 5 * dpr, 0);
            c.lineTo(x, 6 * dpr);
            c.fill();
        }
    }

    /** Each gap interpolation filled: a band in the marks and a shade across the plot (≥ 2 px). */
    #drawGaps(gaps, { xOf, dpr, top, plotH, marks, color }) {
        const c = this.ctx;
        for (const gap of gaps) {
            const x = xOf(gap.from);
            const w = Math.max(2 * dpr, xOf(gap.to) - x);
            c.fillStyle = color("--mark-gap", "#e0a030");
            c.fillRect(x, 1 * dpr, w, marks - 3 * dpr);
            c.fillStyle = color("--plot-gap", "rgba(224,160,48,0.22)");
            c.fillRect(x, top, w, plotH);
        }
    }

    #timeAt(e) {
        const info = this.info;
        if (!info || info.total <= 0) return null;
        const rect = this.canvas.getBoundingClientRect();
        const f = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
        return (info.first + f * info.total) / info.rate;
    }

    #click(e) {
        const t = this.#timeAt(e);
        if (t !== null && this.onSeek) this.onSeek(t);
    }

    #key(e) {
        const info = this.info;
        if (!info || this.playhead === null || !this.onSeek) return;
        const seconds = info.total / info.rate;
        const step = seconds / 20;
        if (e.key === "ArrowRight") this.onSeek(Math.min(this.playhead + step, (info.first + info.total) / info.rate - 1 / info.rate));
        else if (e.key === "ArrowLeft") this.onSeek(Math.max(this.playhead - step, info.first / info.rate));
        else return;
        e.preventDefault();
    }

    #showTooltip(e) {
        if (!this.tooltip) return;
        const t = this.hover;
        if (t === null) {
            this.tooltip.hidden = true;
            return;
        }
        const index = Math.round(t * this.info.rate);
        const chunk = this.chunks.find((c) => index >= c.first && index < c.first + c.samples);
        const missing = this.reasons.find((r) => index >= r.from && index < r.to);
        let text = new Date(t * 1000).toISOString().replace("T", " ").slice(0, 19) + " UTC";
        if (missing) text += ` · missing: ${missing.reason}`;
        else if (chunk) {
            text += ` · ${chunk.kind} chunk`;
            // A gap under the pointer (within 3 px) is named with its times.
            const near = (3 * this.info.total) / Math.max(1, this.canvas.clientWidth);
            const gap = chunk.gaps?.find((g) => index >= g.from - near && index < g.to + near);
            if (gap) text += ` · gap ${gap.start.slice(11, 23)} → ${gap.end.slice(11, 23)}, ${gap.samples ?? gap.to - gap.from} samples interpolated`;
            else if (chunk.gapCount > 0 || chunk.gapSamplesFilled > 0) text += ` · ${chunk.gapCount} gap(s), ${chunk.gapSamplesFilled} samples interpolated`;
            if (chunk.edgeFilledSamples > 0) text += ` · ${chunk.edgeFilledSamples} edge samples held`;
        }
        this.tooltip.textContent = text;
        this.tooltip.hidden = false;
        const rect = this.canvas.getBoundingClientRect();
        const x = Math.min(rect.width - 10, Math.max(10, e.clientX - rect.left));
        this.tooltip.style.left = `${x}px`;
    }
}

function formatGain(g) {
    return g >= 100 ? g.toFixed(0) : g >= 10 ? g.toFixed(1) : g.toFixed(2);
}
