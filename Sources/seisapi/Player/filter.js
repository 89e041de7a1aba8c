// The player's signal processing (the processing contract of Docs/player.md):
//
//   y = sosfilt(sos, x, zi = sosfilt_zi(sos) · x[0]) / max(|global_min|, |global_max|)
//   clipped to [−1, 1], Float32, sos = butter(2, 0.1 Hz, 'highpass', fs = rate)
//
// with SciPy's definitions, computed here in float64: the Butterworth prototype, the
// pre-warped bilinear transform, SciPy's zpk2sos pairing ('nearest'), lfilter_zi's
// steady state per section, and sosfilt's direct form II transposed. The filter state
// carries from one call to the next, so processing a request chunk by chunk gives exactly
// the samples that processing it at once gives. Plain ES module, no DOM: the Worker and
// Node's tests import it.

// ---- complex numbers as [re, im], with NumPy's operations ----

const cadd = (a, b) => [a[0] + b[0], a[1] + b[1]];
const csub = (a, b) => [a[0] - b[0], a[1] - b[1]];
const cmul = (a, b) => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cneg = (a) => [-a[0], -a[1]];
const cabs = (a) => Math.hypot(a[0], a[1]);
const isReal = (a) => a[1] === 0;

/** NumPy's complex division (Smith's method, as in numpy's loops). */
function cdiv(a, b) {
    const [ar, ai] = a;
    const [br, bi] = b;
    if (Math.abs(br) >= Math.abs(bi)) {
        if (br === 0 && bi === 0) return [ar / Math.abs(br), ai / Math.abs(bi)];
        const rat = bi / br;
        const scl = 1.0 / (br + bi * rat);
        return [(ar + ai * rat) * scl, (ai - ar * rat) * scl];
    }
    const rat = br / bi;
    const scl = 1.0 / (bi + br * rat);
    return [(ar * rat + ai) * scl, (ai * rat - ar) * scl];
}

const cprod = (values) => values.reduce((acc, v) => cmul(acc, v), [1, 0]);

/** numpy.poly: the monic polynomial with these roots (real when they come in conjugate pairs). */
function poly(roots) {
    let a = [[1, 0]];
    for (const r of roots) {
        const next = new Array(a.length + 1).fill(null).map(() => [0, 0]);
        const m = cneg(r);
        for (let i = 0; i < a.length; i++) {
            next[i] = cadd(next[i], a[i]);
            next[i + 1] = cadd(next[i + 1], cmul(a[i], m));
        }
        a = next;
    }
    return a.map((c) => c[0]);
}

// ---- design: butter(N, Wn, btype, fs) → sos, as SciPy's iirfilter does it ----

/** SciPy's buttap: zeros, poles, gain of the analog prototype with cutoff 1 rad/s. */
function buttap(order) {
    const poles = [];
    for (let m = -order + 1; m < order; m += 2) {
        // p = -exp(1j·π·m / (2N)); NumPy computes (1j·π)·m and then divides by 2N.
        const theta = (Math.PI * m) * (1.0 / (2 * order));
        poles.push([-Math.cos(theta), -Math.sin(theta)]);
    }
    return { z: [], p: poles, k: 1.0 };
}

/** SciPy's _cplxreal for zpk2sos: one element (positive imaginary part) per conjugate pair,
 *  sorted by real part then |imag|, followed by the real elements sorted by value. */
function cplxreal(values) {
    const tol = 100 * Number.EPSILON;
    const sorted = values.slice().sort((a, b) => a[0] - b[0] || Math.abs(a[1]) - Math.abs(b[1]));
    const reals = [];
    const complex = [];
    for (const v of sorted) {
        if (Math.abs(v[1]) <= tol * cabs(v)) reals.push([v[0], 0]);
        else complex.push(v);
    }
    const positive = complex.filter((v) => v[1] > 0);
    const negative = complex.filter((v) => v[1] < 0);
    if (positive.length !== negative.length) throw new Error("complex values without conjugates");
    const pairs = positive.map((v, i) => {
        const w = negative[i];
        return [(v[0] + w[0]) * 0.5, (v[1] - w[1]) * 0.5];
    });
    reals.sort((a, b) => a[0] - b[0]);
    return pairs.concat(reals);
}

function nearestIndex(from, to, which) {
    const order = from.map((v, i) => [cabs(csub(v, to)), i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (const [, i] of order) {
        if (which === "any") return i;
        if (which === "real" && isReal(from[i])) return i;
        if (which === "complex" && !isReal(from[i])) return i;
    }
    throw new Error(`no ${which} element`);
}

function singleSection(z, p) {
    const b = poly(z);
    const a = poly(p);
    const section = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < b.length; i++) section[3 - b.length + i] = b[i];
    for (let i = 0; i < a.length; i++) section[6 - a.length + i] = a[i];
    return section;
}

/** SciPy's zpk2sos with the default digital pairing ('nearest'). */
export function zpk2sos(zeros, poles, gain) {
    let z = zeros.slice();
    let p = poles.slice();
    if (z.length === 0 && p.length === 0) return [[gain, 0, 0, 1, 0, 0]];
    while (p.length < z.length) p.push([0, 0]);
    while (z.length < p.length) z.push([0, 0]);
    const sections = Math.floor((Math.max(p.length, z.length) + 1) / 2);
    if (p.length % 2 === 1) {
        p.push([0, 0]);
        z.push([0, 0]);
    }
    z = cplxreal(z);
    p = cplxreal(p);
    const worst = (list) => {
        let best = 0;
        for (let i = 1; i < list.length; i++) {
            if (Math.abs(1 - cabs(list[i])) < Math.abs(1 - cabs(list[best]))) best = i;
        }
        return best;
    };
    const take = (list, i) => list.splice(i, 1)[0];
    const conj = (v) => [v[0], -v[1]];
    const realCount = (list) => list.filter(isReal).length;
    const sos = new Array(sections);
    for (let si = sections - 1; si >= 0; si--) {
        const p1 = take(p, worst(p));
        if (isReal(p1) && realCount(p) === 0) {
            const z1 = take(z, nearestIndex(z, p1, "real"));
            sos[si] = singleSection([z1, [0, 0]], [p1, [0, 0]]);
        } else if (p.length + 1 === z.length && !isReal(p1) && realCount(p) === 1 && realCount(z) === 1) {
            const z1 = take(z, nearestIndex(z, p1, "complex"));
            sos[si] = singleSection([z1, conj(z1)], [p1, conj(p1)]);
        } else {
            let p2;
            if (isReal(p1)) {
                const realIdx = p.map((v, i) => [v, i]).filter(([v]) => isReal(v));
                const w = worst(realIdx.map(([v]) => v));
                p2 = take(p, realIdx[w][1]);
            } else {
                p2 = conj(p1);
            }
            if (z.length > 0) {
                const z1 = take(z, nearestIndex(z, p1, "any"));
                if (!isReal(z1)) {
                    sos[si] = singleSection([z1, conj(z1)], [p1, p2]);
                } else if (z.length > 0) {
                    const z2 = take(z, nearestIndex(z, p1, "real"));
                    sos[si] = singleSection([z1, z2], [p1, p2]);
                } else {
                    sos[si] = singleSection([z1], [p1, p2]);
                }
            } else {
                sos[si] = singleSection([], [p1, p2]);
            }
        }
    }
    for (let i = 0; i < 3; i++) sos[0][i] *= gain;
    return sos;
}

/**
 * SciPy's `butter(order, cutoff, btype, fs=rate, output='sos')` for 'highpass' and 'lowpass'.
 * @returns {Float64Array} sections × 6 coefficients [b0 b1 b2 a0 a1 a2]
 */
export function butterSOS(order, cutoffHz, btype, rate) {
    if (!Number.isInteger(order) || order < 1) throw new RangeError("order must be a positive integer");
    if (!(rate > 0)) throw new RangeError("sample rate must be positive");
    const wn = cutoffHz / (rate / 2);
    if (!(wn > 0 && wn < 1)) {
        throw new RangeError(`cutoff ${cutoffHz} Hz must be between 0 and ${rate / 2} Hz (rate ${rate} Hz)`);
    }
    let { z, p, k } = buttap(order);
    const fs = 2.0;
    const warped = 2 * fs * Math.tan((Math.PI * wn) / fs);
    const degree = p.length - z.length;
    if (btype === "highpass") {
        const w = [warped, 0];
        const prodZ = cprod(z.map(cneg));
        const prodP = cprod(p.map(cneg));
        k = k * cdiv(prodZ, prodP)[0];
        z = z.map((v) => cdiv(w, v)).concat(new Array(degree).fill(null).map(() => [0, 0]));
        p = p.map((v) => cdiv(w, v));
    } else if (btype === "lowpass") {
        z = z.map((v) => [v[0] * warped, v[1] * warped]);
        p = p.map((v) => [v[0] * warped, v[1] * warped]);
        k = k * warped ** degree;
    } else {
        throw new RangeError(`btype ${btype} is not highpass or lowpass`);
    }
    // bilinear_zpk(z, p, k, fs=2)
    const fs2 = [2.0 * fs, 0];
    const bdegree = p.length - z.length;
    const gainChange = cdiv(cprod(z.map((v) => csub(fs2, v))), cprod(p.map((v) => csub(fs2, v))));
    const zz = z.map((v) => cdiv(cadd(fs2, v), csub(fs2, v))).concat(new Array(bdegree).fill(null).map(() => [-1, 0]));
    const pz = p.map((v) => cdiv(cadd(fs2, v), csub(fs2, v)));
    const kz = k * gainChange[0];
    const sos = zpk2sos(zz, pz, kz);
    return Float64Array.from(sos.flat());
}

/** The player's filter: butter(2, 0.1 Hz, 'highpass', fs = rate). */
export function playerSOS(rate) {
    return butterSOS(2, 0.1, "highpass", rate);
}

/** SciPy's lfilter_zi for one section (a0 normalized to 1): the steady state of a unit step,
 *  solved as LAPACK's gesv does for the 2×2 system (LU with partial pivoting). */
function sectionZi(b0, b1, b2, a0, a1, a2) {
    if (a0 !== 1.0) {
        b0 /= a0; b1 /= a0; b2 /= a0; a1 /= a0; a2 /= a0;
    }
    // (I − companion(a)ᵀ) zi = B, with I − Aᵀ = [[1 + a1, −1], [a2, 1]], B = b[1:] − a[1:]·b0
    const m = [[1 + a1, -1], [a2, 1]];
    const rhs = [b1 - a1 * b0, b2 - a2 * b0];
    const r = Math.abs(m[1][0]) > Math.abs(m[0][0]) ? 1 : 0;
    const o = 1 - r;
    const l = m[o][0] * (1.0 / m[r][0]);
    const u11 = m[o][1] - l * m[r][1];
    const y1 = rhs[o] - l * rhs[r];
    const z1 = y1 / u11;
    const z0 = (rhs[r] - m[r][1] * z1) / m[r][0];
    return [z0, z1];
}

/** SciPy's sosfilt_zi: per section the steady state for a unit step, scaled by the DC gain
 *  of the sections before it. @returns {Float64Array} sections × 2 */
export function sosfiltZi(sos) {
    const n = sos.length / 6;
    const zi = new Float64Array(n * 2);
    let scale = 1.0;
    for (let s = 0; s < n; s++) {
        const [b0, b1, b2, a0, a1, a2] = sos.subarray ? sos.subarray(s * 6, s * 6 + 6) : sos.slice(s * 6, s * 6 + 6);
        const [z0, z1] = sectionZi(b0, b1, b2, a0, a1, a2);
        zi[s * 2] = scale * z0;
        zi[s * 2 + 1] = scale * z1;
        scale *= (b0 + b1 + b2) / (a0 + a1 + a2);
    }
    return zi;
}

/** The loudness choices (Docs/player.md, "Loudness"). */
export const LOUDNESS = ["seed", "centered"];

/**
 * The normalization divisor of the contract, or 1 when the range is all zeros (or unknown),
 * so silence stays silence instead of becoming NaN:
 * - "seed": max(|global_min|, |global_max|) — the seed's rule (the raw counts' range, DC
 *   offset included);
 * - "centered": (global_max − global_min) / 2 — the half range around its middle: the DC
 *   offset no longer counts, so a quiet channel on a large offset plays near full scale.
 */
export function normalizationDivisor(normalization, loudness = "seed") {
    if (!normalization) return 1;
    const lo = Number(normalization.global_min);
    const hi = Number(normalization.global_max);
    const d = loudness === "centered" ? (hi - lo) / 2 : Math.max(Math.abs(lo), Math.abs(hi));
    return d > 0 && Number.isFinite(d) ? d : 1;
}

/**
 * The streaming processor: int32 in, Float32 out, state carried across calls.
 *
 *   const p = new SeismicProcessor({ rate: 100, normalization: { global_min, global_max } });
 *   p.process(chunkA, outA); p.process(chunkB, outB);   // == processing A‖B at once
 *
 * The filter starts at its steady state for the first sample it sees (zi·x[0]); `restart()`
 * makes the next sample start it again (after a missing span). `state()` / `setState()`
 * save and restore it (the worker keeps one per segment, so a seek resumes exactly).
 */
export class SeismicProcessor {
    constructor({ rate, normalization, sos, loudness = "seed" }) {
        this.sos = sos ?? playerSOS(rate);
        this.sections = this.sos.length / 6;
        this.zi = sosfiltZi(this.sos);
        this.divisor = normalizationDivisor(normalization, loudness);
        this.z = new Float64Array(this.sections * 2);
        this.started = false;
    }

    /** Start again at the steady state of the next sample (after a gap). */
    restart() {
        this.started = false;
    }

    /** A copy of the filter state (null before the first sample). */
    state() {
        return this.started ? Float64Array.from(this.z) : null;
    }

    setState(state) {
        if (state) {
            this.z.set(state);
            this.started = true;
        } else {
            this.started = false;
        }
    }

    /**
     * Filters x[from..to) (an Int32Array or any array of numbers) into out[outOffset...].
     * @param {Float32Array|Float64Array} out  receives y / divisor clipped to [−1, 1]
     * @param {Float64Array} [raw]  when given, receives the unnormalized filter output
     */
    process(x, out, { from = 0, to = x.length, outOffset = 0, raw = null } = {}) {
        if (to <= from) return;
        const sos = this.sos;
        const z = this.z;
        const d = this.divisor;
        if (!this.started) {
            const x0 = x[from];
            for (let i = 0; i < z.length; i++) z[i] = this.zi[i] * x0;
            this.started = true;
        }
        if (this.sections === 1) {
            // The player's filter (order 2): one section, unrolled.
            const b0 = sos[0], b1 = sos[1], b2 = sos[2], a1 = sos[4], a2 = sos[5];
            let z0 = z[0], z1 = z[1];
            let j = outOffset;
            for (let i = from; i < to; i++, j++) {
                const xn = x[i];
                const y = b0 * xn + z0;
                z0 = b1 * xn - a1 * y + z1;
                z1 = b2 * xn - a2 * y;
                if (raw) raw[j] = y;
                const v = y / d;
                out[j] = v > 1 ? 1 : v < -1 ? -1 : v;
            }
            z[0] = z0;
            z[1] = z1;
            return;
        }
        const n = this.sections;
        let j = outOffset;
        for (let i = from; i < to; i++, j++) {
            let xn = x[i];
            for (let s = 0; s < n; s++) {
                const o = s * 6;
                const y = sos[o] * xn + z[s * 2];
                z[s * 2] = sos[o + 1] * xn - sos[o + 4] * y + z[s * 2 + 1];
                z[s * 2 + 1] = sos[o + 2] * xn - sos[o + 5] * y;
                xn = y;
            }
            if (raw) raw[j] = xn;
            const v = xn / d;
            out[j] = v > 1 ? 1 : v < -1 ? -1 : v;
        }
    }
}
