// The spectrogram (Sources/seisapi/Player/spectrogram.js) against SciPy's
// scipy.signal.spectrogram(y, fs, window="hann", nperseg, noverlap, detrend=False,
// scaling="density", mode="psd") of processed signals (Fixtures/spectrogram.json).
import test from "node:test";
import assert from "node:assert/strict";
import { RealFFT, Spectrogram, spectrogramParameters, hann } from "../../Sources/seisapi/Player/spectrogram.js";
import { fixture } from "./support.mjs";

const f = fixture("spectrogram.json");

function compute(c, pieces = [c.y.length]) {
    const s = new Spectrogram({ fs: c.fs, nperseg: c.nperseg, noverlap: c.noverlap, total: c.y.length });
    const y = Float32Array.from(c.y);
    let at = 0;
    for (const n of pieces) {
        s.push(y.subarray(at, at + n), n);
        at += n;
    }
    return s.result();
}

function assertClose(result, c) {
    assert.equal(result.power.length, c.power.length, "frequencies");
    assert.equal(result.power[0].length, c.power[0].length, "columns");
    let peak = 0;
    for (const row of c.power) for (const v of row) peak = Math.max(peak, v);
    let worst = 0;
    for (let k = 0; k < c.power.length; k++) {
        for (let t = 0; t < c.power[k].length; t++) {
            const want = c.power[k][t];
            const err = Math.abs(result.power[k][t] - want) / (Math.abs(want) + peak * 1e-9);
            worst = Math.max(worst, err);
        }
    }
    assert.ok(worst < 1e-6, `relative error ${worst}`);
    for (let k = 0; k < c.frequencies.length; k++) assert.ok(Math.abs(result.frequencies[k] - c.frequencies[k]) < 1e-9);
    for (let t = 0; t < c.times.length; t++) assert.ok(Math.abs(result.times[t] - c.times[t]) < 1e-9);
}

test("equals SciPy's spectrogram (Hann, density, psd, no detrend) at 100, 40.96 and 20 Hz", () => {
    for (const c of f.cases) assertClose(compute(c), c);
});

test("pushed in any pieces, the columns are the same (samples arrive chunk by chunk)", () => {
    for (const c of f.cases) {
        const n = c.y.length;
        const pieces = [];
        for (let left = n, size = 1; left > 0; size = (size * 7 + 3) % 997 || 1) {
            pieces.push(Math.min(left, size));
            left -= Math.min(left, size);
        }
        assertClose(compute(c, pieces), c);
    }
});

test("the real FFT equals a direct DFT", () => {
    for (const n of [4, 8, 64, 512]) {
        const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + (i % 5) - 2);
        const out = new Float64Array(n / 2 + 1);
        new RealFFT(n).power(x, out);
        for (let k = 0; k <= n / 2; k++) {
            let re = 0;
            let im = 0;
            for (let i = 0; i < n; i++) {
                re += x[i] * Math.cos((2 * Math.PI * k * i) / n);
                im -= x[i] * Math.sin((2 * Math.PI * k * i) / n);
            }
            assert.ok(Math.abs(out[k] - (re * re + im * im)) < 1e-9 * (1 + re * re + im * im), `n ${n} k ${k}`);
        }
    }
    assert.throws(() => new RealFFT(100), /power of two/);
});

test("a symmetric window or another scaling would be caught", () => {
    const c = f.cases[0];
    const s = new Spectrogram({ fs: c.fs, nperseg: c.nperseg, noverlap: c.noverlap, total: c.y.length });
    const n = c.nperseg;
    s.window = Float64Array.from({ length: n }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
    s.push(Float32Array.from(c.y), c.y.length);
    assert.throws(() => assertClose(s.result(), c));
    assert.ok(hann(4).every((v, i) => Math.abs(v - [0, 0.5, 1, 0.5][i]) < 1e-15), "periodic Hann (SciPy's get_window)");
});

test("parameters: 512 samples with half overlap at 100 Hz, no overlap beyond 20 000 columns", () => {
    assert.deepEqual(spectrogramParameters(100, 360_000), { fs: 100, nperseg: 512, noverlap: 256 });
    assert.deepEqual(spectrogramParameters(100, 8_640_000), { fs: 100, nperseg: 512, noverlap: 0 });
    assert.deepEqual(spectrogramParameters(40.96, 10_000), { fs: 40.96, nperseg: 256, noverlap: 128 });
    assert.deepEqual(spectrogramParameters(100, 300), { fs: 100, nperseg: 256, noverlap: 128 });
    assert.equal(spectrogramParameters(100, 5), null);
});
