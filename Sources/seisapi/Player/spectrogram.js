// The spectrogram of the processed samples, as SciPy defines it:
//
//   scipy.signal.spectrogram(x, fs, window="hann", nperseg, noverlap, detrend=False,
//                            scaling="density", mode="psd")
//
// i.e. for every segment k (samples [k·step, k·step + nperseg), step = nperseg − noverlap):
// the periodic Hann window, a real FFT, |X|² / (fs · Σ w²), the bins between 0 and Nyquist
// doubled (one-sided); times at the segments' centres, (nperseg/2 + k·step) / fs. Computed in
// float64 as samples arrive (`push`), so the picture grows as the chunks load.
//
// No DOM: the analysis pass (analysis.js) feeds it in the Worker; Node's tests compare it
// with SciPy (Tests/PlayerTests/Fixtures/spectrogram.json).

/** Power values kept for the hook at most (64 MB of float32); longer ranges keep only the picture. */
export const MAX_POWER_VALUES = 1 << 24;

/**
 * The parameters for a range: nperseg the power of two at or above 4 s of samples (512 at
 * 100 Hz: 0.2 Hz bins, 5.12 s per column), at most the range's length; half-overlapping
 * segments, or none when that would make more than 20 000 columns (longer than ~14 h at 100 Hz).
 */
export function spectrogramParameters(rate, total) {
    let nperseg = 16;
    while (nperseg < 4 * rate) nperseg *= 2;
    while (nperseg > total && nperseg > 8) nperseg /= 2;
    if (total < nperseg) return null;
    const noverlap = (total - nperseg) / (nperseg / 2) + 1 <= 20000 ? nperseg / 2 : 0;
    return { fs: rate, nperseg, noverlap };
}

/** SciPy's get_window("hann", n): the periodic (DFT-even) Hann window. */
export function hann(n) {
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
    return w;
}

/** A real FFT of a power-of-two length n (through a complex FFT of n/2): |X[k]|² for k = 0…n/2. */
export class RealFFT {
    constructor(n) {
        if (n < 4 || (n & (n - 1)) !== 0) throw new Error(`RealFFT: ${n} is not a power of two ≥ 4`);
        this.n = n;
        const m = n / 2;
        this.m = m;
        this.re = new Float64Array(m);
        this.im = new Float64Array(m);
        this.reverse = new Uint32Array(m);
        const bits = Math.log2(m);
        for (let i = 0; i < m; i++) {
            let r = 0;
            for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
            this.reverse[i] = r;
        }
        this.cosM = new Float64Array(m / 2 || 1);
        this.sinM = new Float64Array(m / 2 || 1);
        for (let i = 0; i < m / 2; i++) {
            this.cosM[i] = Math.cos((2 * Math.PI * i) / m);
            this.sinM[i] = -Math.sin((2 * Math.PI * i) / m);
        }
        this.cosN = new Float64Array(m + 1);
        this.sinN = new Float64Array(m + 1);
        for (let k = 0; k <= m; k++) {
            this.cosN[k] = Math.cos((2 * Math.PI * k) / n);
            this.sinN[k] = Math.sin((2 * Math.PI * k) / n);
        }
    }

    /** |FFT(x)|² at k = 0…n/2 of the real sequence x (length n) into `out` (length n/2 + 1). */
    power(x, out) {
        const { m, re, im, reverse } = this;
        for (let i = 0; i < m; i++) {
            const r = reverse[i];
            re[r] = x[2 * i];
            im[r] = x[2 * i + 1];
        }
        for (let size = 2; size <= m; size *= 2) {
            const half = size / 2;
            const stride = m / size;
            for (let start = 0; start < m; start += size) {
                for (let j = 0; j < half; j++) {
                    const wr = this.cosM[j * stride];
                    const wi = this.sinM[j * stride];
                    const a = start + j;
                    const b = a + half;
                    const tr = re[b] * wr - im[b] * wi;
                    const ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
        // Unpack: X[k] = E + e^{-2πik/n} O with E, O the even/odd parts from Z[k] and Z[m−k].
        for (let k = 0; k <= m; k++) {
            const a = re[k % m];
            const b = im[k % m];
            const c = re[(m - k) % m];
            const d = im[(m - k) % m];
            const er = (a + c) / 2;
            const ei = (b - d) / 2;
            const or = (b + d) / 2;
            const oi = -(a - c) / 2;
            const cs = this.cosN[k];
            const sn = this.sinN[k];
            const xr = er + cs * or + sn * oi;
            const xi = ei + cs * oi - sn * or;
            out[k] = xr * xr + xi * xi;
        }
        return out;
    }
}

/** Builds the spectrogram column by column from samples pushed in order. */
export class Spectrogram {
    /** @param {{fs: number, nperseg: number, noverlap: number, total: number}} p  total: samples in the range */
    constructor({ fs, nperseg, noverlap, total }) {
        Object.assign(this, { fs, nperseg, noverlap, total });
        this.step = nperseg - noverlap;
        this.bins = nperseg / 2 + 1;
        this.columns = total >= nperseg ? Math.floor((total - nperseg) / this.step) + 1 : 0;
        this.window = hann(nperseg);
        let sum = 0;
        for (const v of this.window) sum += v * v;
        this.scale = 1 / (fs * sum);
        this.fft = new RealFFT(nperseg);
        this.segment = new Float64Array(nperseg);
        this.buffer = new Float64Array(nperseg);
        this.filled = 0;            // samples in buffer
        this.done = 0;              // columns computed
        this.column = new Float64Array(this.bins);
        this.power = this.columns * this.bins <= MAX_POWER_VALUES ? new Float32Array(this.columns * this.bins) : null;
        this.onColumn = null;       // (index, Float64Array power) after each column
    }

    frequencies() {
        return Array.from({ length: this.bins }, (_, k) => (k * this.fs) / this.nperseg);
    }

    /** Seconds after the range's first sample of each column's centre. */
    times() {
        return Array.from({ length: this.columns }, (_, k) => (this.nperseg / 2 + k * this.step) / this.fs);
    }

    /** Adds the next n samples of the range (y[0..n)); zeros for a missing span. */
    push(y, n) {
        const { nperseg, step } = this;
        let i = 0;
        while (i < n && this.done < this.columns) {
            const take = Math.min(n - i, nperseg - this.filled);
            for (let k = 0; k < take; k++) this.buffer[this.filled + k] = y[i + k];
            this.filled += take;
            i += take;
            if (this.filled === nperseg) {
                this.#compute();
                // Keep the overlap: the last noverlap samples start the next segment.
                this.buffer.copyWithin(0, step);
                this.filled = nperseg - step;
            }
        }
    }

    #compute() {
        const { nperseg, window, segment, column, bins } = this;
        for (let k = 0; k < nperseg; k++) segment[k] = this.buffer[k] * window[k];
        this.fft.power(segment, column);
        const last = nperseg % 2 === 0 ? bins - 1 : bins;
        for (let k = 0; k < bins; k++) column[k] *= k === 0 || k === last ? this.scale : 2 * this.scale;
        if (this.power) this.power.set(column, this.done * bins);
        this.onColumn?.(this.done, column);
        this.done += 1;
    }

    /** SciPy's layout: power[frequency][time]. */
    result() {
        const power = this.power
            ? Array.from({ length: this.bins }, (_, f) => Array.from({ length: this.done }, (_, t) => this.power[t * this.bins + f]))
            : null;
        return {
            fs: this.fs, nperseg: this.nperseg, noverlap: this.noverlap, window: "hann",
            detrend: false, scaling: "density", mode: "psd",
            frequencies: this.frequencies(), times: this.times().slice(0, this.done),
            columns: this.columns, computed: this.done, power,
        };
    }
}
