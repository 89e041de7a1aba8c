// Speed (samples per audio frame) and the 1024-frame blocks (Sources/seisapi/Player/audify.js).
import test from "node:test";
import assert from "node:assert/strict";
import { Audifier, BlockFramer, BLOCK_FRAMES } from "../../Sources/seisapi/Player/audify.js";

function ramp(n) {
    return Float32Array.from({ length: n }, (_, i) => Math.sin(i / 7) * 0.5);
}

function audify(samples, speed, pieces) {
    const frames = [];
    const a = new Audifier(speed, (f, n) => frames.push(...f.subarray(0, n)));
    let at = 0;
    for (const n of pieces) {
        a.push(samples.subarray(at, at + n), n);
        at += n;
    }
    a.push(samples.subarray(at), samples.length - at);
    a.finish();
    return frames;
}

test("speed 1: every sample is one frame, unchanged", () => {
    const x = ramp(5000);
    assert.deepEqual(audify(x, 1, [1000, 3]), Array.from(x));
});

test("speed 2 and 4: the mean of each 2 or 4 samples; speed 0.5: linear interpolation", () => {
    const x = Float32Array.from([0, 2, 4, 6, 8, 10, 12]);
    assert.deepEqual(audify(x, 2, []), [1, 5, 9, 12]);
    assert.deepEqual(audify(x, 4, []), [3, 10]);
    // 1.5 samples per frame: frames take samples {0}, {1,2}, {3}, {4,5}, {6}.
    assert.deepEqual(audify(x, 1.5, []), [0, 3, 6, 9, 12]);
    const slow = audify(Float32Array.from([0, 1, 3]), 0.5, []);
    assert.deepEqual(slow, [0, 0.5, 1, 2, 3, 3]);
    assert.equal(slow.length, Audifier.framesFor(3, 0.5));
    assert.equal(audify(ramp(1000), 3, []).length, Audifier.framesFor(1000, 3));
    assert.throws(() => new Audifier(0, () => {}));
});

test("pushing in pieces gives the same frames as one push (seamless joins at any speed)", () => {
    const x = ramp(10007);
    for (const speed of [1, 2, 3, 4, 0.5, 0.25, 1.5, 16]) {
        const whole = audify(x, speed, []);
        for (const pieces of [[1], [1023, 1, 1], [4096, 4096], Array(50).fill(199)]) {
            assert.deepEqual(audify(x, speed, pieces), whole, `speed ${speed} pieces ${pieces.slice(0, 3)}`);
        }
    }
});

test("blocks are exactly 1024 frames, in order, the last one shorter; nothing lost at joins", () => {
    const blocks = [];
    const framer = new BlockFramer((b) => blocks.push(b));
    const x = ramp(5000);
    framer.push(x.subarray(0, 100));
    framer.push(x.subarray(100, 2100));
    framer.push(x.subarray(2100), 2900);
    framer.flush();
    assert.equal(BLOCK_FRAMES, 1024);
    assert.deepEqual(blocks.map((b) => b.length), [1024, 1024, 1024, 1024, 904]);
    const joined = new Float32Array(5000);
    let at = 0;
    for (const b of blocks) {
        joined.set(b, at);
        at += b.length;
    }
    assert.deepEqual(joined, x);
    assert.equal(framer.frames, 5000);
    assert.equal(new Set(blocks.map((b) => b.buffer)).size, blocks.length, "each block has its own (transferable) buffer");
});
