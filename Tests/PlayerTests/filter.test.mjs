// The processing contract (Sources/seisapi/Player/filter.js) against SciPy (Fixtures/filter.json,
// made by Fixtures/make_fixtures.py with player_reference.py).
import test from "node:test";
import assert from "node:assert/strict";
import { butterSOS, playerSOS, sosfiltZi, SeismicProcessor, normalizationDivisor } from "../../Sources/seisapi/Player/filter.js";
import { fixture, maxAbsDiff } from "./support.mjs";

const f = fixture("filter.json");

function run(signal, { sos, split = null, zeroState = false } = {}) {
    const p = new SeismicProcessor({ rate: signal.rate, normalization: { global_min: signal.global_min, global_max: signal.global_max }, sos });
    if (zeroState) p.setState(new Float64Array(p.sections * 2));
    const x = Int32Array.from(signal.x);
    const out = new Float32Array(x.length);
    const raw = new Float64Array(x.length);
    const cuts = [0, ...(split ?? []), x.length];
    for (let i = 0; i + 1 < cuts.length; i++) {
        p.process(x, out, { from: cuts[i], to: cuts[i + 1], outOffset: cuts[i], raw });
    }
    const d = normalizationDivisor({ global_min: signal.global_min, global_max: signal.global_max });
    return { out, normalized: Array.from(raw, (v) => v / d) };
}

test("butter() designs equal SciPy's sos and sosfilt_zi (orders 1–5, high- and low-pass, six rates)", () => {
    assert.ok(f.designs.length >= 60);
    for (const d of f.designs) {
        const label = `butter(${d.order}, ${d.cutoff}, ${d.btype}, fs=${d.rate})`;
        const sos = butterSOS(d.order, d.cutoff, d.btype, d.rate);
        assert.equal(sos.length, d.sos.length, label);
        for (let i = 0; i < sos.length; i++) {
            const tolerance = 1e-12 * Math.max(1, Math.abs(d.sos[i]));
            assert.ok(Math.abs(sos[i] - d.sos[i]) <= tolerance, `${label} sos[${i}] ${sos[i]} vs SciPy ${d.sos[i]}`);
        }
        const zi = sosfiltZi(sos);
        for (let i = 0; i < zi.length; i++) {
            const tolerance = 1e-10 * Math.max(1, Math.abs(d.zi[i]));
            assert.ok(Math.abs(zi[i] - d.zi[i]) <= tolerance, `${label} zi[${i}] ${zi[i]} vs SciPy ${d.zi[i]}`);
        }
    }
});

test("the player's filter is butter(2, 0.1 Hz, 'highpass') at the data's rate", () => {
    for (const d of f.designs.filter((d) => d.order === 2 && d.btype === "highpass")) {
        const sos = playerSOS(d.rate);
        assert.ok(maxAbsDiff(sos, d.sos) < 1e-12, `rate ${d.rate}`);
    }
    assert.throws(() => playerSOS(0.2), /cutoff/); // 0.1 Hz is the Nyquist frequency of 0.2 Hz
});

test("processing equals SciPy's sosfilt with zi = sosfilt_zi·x[0], divided by max(|min|,|max|)", () => {
    for (const s of f.signals) {
        const { out, normalized } = run(s);
        assert.ok(maxAbsDiff(normalized, s.y) < 1e-9, `${s.name}: float64 output differs from SciPy by ${maxAbsDiff(normalized, s.y)}`);
        const expected = s.y.map((v) => Math.fround(Math.min(1, Math.max(-1, v))));
        assert.ok(maxAbsDiff(out, expected) <= 1.2e-7, `${s.name}: float32 output differs by ${maxAbsDiff(out, expected)}`);
        for (const v of out) assert.ok(v >= -1 && v <= 1);
    }
});

test("int32 extremes: float64 keeps full range, output is clipped to [-1, 1]", () => {
    const s = f.signals.find((s) => s.name === "int32_extremes_100Hz");
    assert.equal(s.x[0], -2147483648);
    const { out } = run(s);
    assert.ok(out.some((v) => v === 1) && out.some((v) => v === -1), "the steps overshoot and must be clipped");
    assert.ok(Math.abs(out[0]) < 1e-9, "the steady state starts at 0");
});

test("all-zero range: divisor 1, output silence (no NaN)", () => {
    const s = f.signals.find((s) => s.name === "zeros_100Hz");
    const { out } = run(s);
    assert.ok(out.every((v) => v === 0));
    assert.equal(normalizationDivisor({ global_min: 0, global_max: 0 }), 1);
    assert.equal(normalizationDivisor({ global_min: -5, global_max: 3 }), 5);
    assert.equal(normalizationDivisor(null), 1);
});

test("chunked processing equals processing the whole request (state carried across joins)", () => {
    for (const s of f.signals.filter((s) => s.x.length > 100)) {
        const whole = run(s);
        const n = s.x.length;
        for (const split of [[1], [n - 1], [Math.floor(n / 3), Math.floor(n / 3) + 1, Math.floor((2 * n) / 3)], Array.from({ length: 20 }, (_, i) => Math.floor(((i + 1) * n) / 21))]) {
            const chunked = run(s, { split });
            assert.deepEqual(chunked.out, whole.out, `${s.name} split at ${split.slice(0, 4)}`);
            assert.deepEqual(chunked.normalized, whole.normalized, `${s.name} split at ${split.slice(0, 4)}`);
        }
    }
});

test("state(): a saved state resumes exactly (what seeking uses)", () => {
    const s = f.signals.find((s) => s.name === "realistic_100Hz");
    const x = Int32Array.from(s.x);
    const p = new SeismicProcessor({ rate: s.rate, normalization: { global_min: s.global_min, global_max: s.global_max } });
    const out = new Float32Array(x.length);
    p.process(x, out, { from: 0, to: 1000 });
    const saved = p.state();
    p.process(x, out, { from: 1000, to: x.length, outOffset: 1000 });
    const q = new SeismicProcessor({ rate: s.rate, normalization: { global_min: s.global_min, global_max: s.global_max } });
    q.setState(saved);
    const rest = new Float32Array(x.length - 1000);
    q.process(x, rest, { from: 1000, to: x.length });
    assert.deepEqual(rest, out.subarray(1000));
    assert.equal(new SeismicProcessor({ rate: 100, normalization: null }).state(), null);
});

test("after a missing span the filter restarts at zi·(first sample after it) (SciPy pieces)", () => {
    const g = f.gap;
    const p = new SeismicProcessor({ rate: g.rate, normalization: { global_min: g.global_min, global_max: g.global_max } });
    const y = new Float32Array(g.length);
    let at = 0;
    for (const piece of g.pieces) {
        if (piece.missing) {
            p.restart();
        } else {
            const chunk = g.chunks.find((c) => {
                const first = Math.round(c.start * g.rate);
                return piece.index >= first && piece.index < first + c.samples.length;
            });
            const first = Math.round(chunk.start * g.rate);
            const x = Int32Array.from(chunk.samples);
            p.process(x, y, { from: piece.index - first, to: piece.index - first + piece.length, outOffset: at });
        }
        at += piece.length;
    }
    assert.equal(at, g.length);
    for (const check of g.checks) {
        const got = Array.from(y.subarray(check.offset, check.offset + check.y.length));
        assert.ok(maxAbsDiff(got, check.y) < 1e-6, `offset ${check.offset}: ${maxAbsDiff(got, check.y)}`);
    }
});

test("the fixtures tell wrong implementations apart (each check above can fail)", () => {
    const s = f.signals.find((s) => s.name === "realistic_100Hz");
    const right = run(s).normalized;
    // No steady-state start (zi = 0): a large transient.
    assert.ok(maxAbsDiff(run(s, { zeroState: true }).normalized, right) > 1e-3);
    // Another cutoff or order.
    assert.ok(maxAbsDiff(run(s, { sos: butterSOS(2, 0.2, "highpass", s.rate) }).normalized, right) > 1e-6);
    assert.ok(maxAbsDiff(run(s, { sos: butterSOS(4, 0.1, "highpass", s.rate) }).normalized, right) > 1e-6);
    // A design without pre-warping (cutoff slightly off) is caught by the 1e-12 design check.
    const unwarped = butterSOS(2, (Math.atan((Math.PI * 0.1) / s.rate) * s.rate) / Math.PI, "highpass", s.rate);
    assert.ok(maxAbsDiff(unwarped, playerSOS(s.rate)) > 1e-12);
});

test("loudness 'centered' divides by the half range around its middle (player_reference.divisor)", () => {
    for (const c of f.loudness) {
        const p = new SeismicProcessor({ rate: c.rate, normalization: { global_min: c.global_min, global_max: c.global_max }, loudness: "centered" });
        const raw = new Float64Array(c.x.length);
        const out = new Float32Array(c.x.length);
        p.process(c.x, out, { raw });
        const d = normalizationDivisor({ global_min: c.global_min, global_max: c.global_max }, "centered");
        assert.equal(d, (c.global_max - c.global_min) / 2);
        let worst = 0;
        for (let i = 0; i < c.y.length; i++) worst = Math.max(worst, Math.abs(raw[i] / d - c.y[i]));
        assert.ok(worst < 1e-9, `${c.rate} Hz differs by ${worst}`);
        // The seed's rule on the same signal: the offset makes it much quieter.
        const seed = normalizationDivisor({ global_min: c.global_min, global_max: c.global_max });
        assert.ok(seed > 2 * d, `a large DC offset: seed ÷${seed} vs centered ÷${d}`);
    }
    assert.equal(normalizationDivisor({ global_min: 7, global_max: 7 }, "centered"), 1, "a flat range stays silent");
});
