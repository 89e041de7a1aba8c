// The committed zstd.wasm (libzstd built by scripts/build-zstd-wasm) and its wrapper zstd.js,
// against frames written by libzstd through python zstandard (Fixtures/zstd/*.zst).
import test from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ZstdDecoder, ZstdError } from "../../Sources/seisapi/Player/zstd.js";
import { fixture, fixtureBytes, playerDir } from "./support.mjs";

const wasm = fs.readFileSync(path.join(playerDir, "zstd.wasm"));
const frames = fixture("zstd.json").frames;
const sha256 = (bytes) => crypto.createHash("sha256").update(bytes).digest("hex");

test("the module is libzstd 1.5.7, imports nothing and exports only decompression", async () => {
    const module = new WebAssembly.Module(wasm);
    assert.deepEqual(WebAssembly.Module.imports(module), []);
    const exported = WebAssembly.Module.exports(module).map((e) => e.name).sort();
    assert.ok(exported.includes("ZSTD_decompressDCtx") && exported.includes("ZSTD_decompressStream"));
    assert.ok(!exported.some((name) => /compress(?!.*Stream$)/i.test(name.replace(/decompress/gi, ""))), `a compression export: ${exported}`);
    const zstd = await ZstdDecoder.load(module);
    assert.equal(zstd.version, fixture("zstd.json").libzstd);
    assert.ok(wasm.byteLength < 200_000, `zstd.wasm is ${wasm.byteLength} bytes`);
});

test("decodes every libzstd frame to the exact bytes (empty, small, multi-MB, no content size, two frames)", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    for (const [name, expected] of Object.entries(frames)) {
        if (expected.error) continue;
        const out = zstd.decompress(fixtureBytes(`zstd/${name}.zst`));
        assert.equal(out.byteLength, expected.raw_bytes, name);
        assert.equal(sha256(out), expected.raw_sha256, name);
        const ints = new Int32Array(out.buffer, 0, Math.min(10, out.byteLength / 4));
        assert.deepEqual(Array.from(ints), expected.first_int32, name);
    }
    assert.ok(frames.large.raw_bytes > 3_000_000, "the large frame is multi-MB");
    assert.equal(frames.empty.raw_bytes, 0);
});

test("decompressInt32 gives the little-endian samples in a buffer of their own", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    const samples = zstd.decompressInt32(fixtureBytes("zstd/small.zst"));
    assert.ok(samples instanceof Int32Array);
    assert.equal(samples.length, 100);
    assert.deepEqual(Array.from(samples.subarray(0, 10)), frames.small.first_int32);
    assert.equal(samples.byteOffset, 0);
    assert.equal(samples.buffer.byteLength, 400, "transferable: the buffer holds only the samples");
    assert.notEqual(samples.buffer, zstd.memory.buffer);
    assert.equal(zstd.decompressInt32(fixtureBytes("zstd/empty.zst")).length, 0);
});

test("corrupt input fails with libzstd's error, and the decoder keeps working", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    assert.throws(() => zstd.decompress(fixtureBytes("zstd/bad_checksum.zst")), (e) => e instanceof ZstdError && /checksum/i.test(e.message));
    assert.throws(() => zstd.decompress(fixtureBytes("zstd/truncated.zst")), ZstdError);
    assert.throws(() => zstd.decompress(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8])), ZstdError);
    assert.throws(() => zstd.decompress(new Uint8Array(0)), ZstdError);
    const out = zstd.decompress(fixtureBytes("zstd/small.zst"));
    assert.equal(sha256(out), frames.small.raw_sha256);
});

test("a payload that is not whole int32 samples is refused", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    // A frame of 3 bytes: the raw-block frame libzstd writes for incompressible input.
    const frame = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x03, 0x19, 0x00, 0x00, 0x61, 0x62, 0x63]);
    assert.deepEqual(Array.from(zstd.decompress(frame)), [0x61, 0x62, 0x63]);
    assert.throws(() => zstd.decompressInt32(frame), /not int32/);
});

test("repeated decoding reuses the module's buffers (memory does not grow per chunk)", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    const large = fixtureBytes("zstd/large.zst");
    const streamed = fixtureBytes("zstd/no_content_size.zst");
    zstd.decompress(large);
    zstd.decompress(streamed); // the streaming path adds libzstd's window buffers once
    const after = zstd.memoryBytes;
    for (let i = 0; i < 5; i++) {
        zstd.decompress(large);
        zstd.decompress(streamed);
        zstd.decompress(fixtureBytes("zstd/small.zst"));
    }
    assert.equal(zstd.memoryBytes, after);
    assert.ok(after < 16 * 1024 * 1024, `${after} bytes for a 4 MB frame`);
});

test("speed (informative): MB/s of decoded int32", async () => {
    const zstd = await ZstdDecoder.load(wasm);
    const large = fixtureBytes("zstd/large.zst");
    zstd.decompress(large);
    const t = performance.now();
    const rounds = 10;
    for (let i = 0; i < rounds; i++) zstd.decompress(large);
    const ms = (performance.now() - t) / rounds;
    const mbps = frames.large.raw_bytes / 1e6 / (ms / 1e3);
    test.diagnostic?.(`zstd.wasm: ${ms.toFixed(2)} ms per ${(frames.large.raw_bytes / 1e6).toFixed(1)} MB frame, ${mbps.toFixed(0)} MB/s`);
    console.log(`# zstd.wasm: ${ms.toFixed(2)} ms per ${(frames.large.raw_bytes / 1e6).toFixed(1)} MB frame, ${mbps.toFixed(0)} MB/s`);
    assert.ok(mbps > 20, `${mbps} MB/s`);
});
