// The NDJSON reader of the /data miss stream (Sources/seisapi/Player/ndjson.js).
import test from "node:test";
import assert from "node:assert/strict";
import { NDJSONParser, NDJSONError, readNDJSON } from "../../Sources/seisapi/Player/ndjson.js";

const lines = [
    { event: "metadata", metadata: { sample_rate: 100, normalization: { global_min: -836, global_max: 151 }, total_samples: 1080000 } },
    { event: "chunk", chunk: { kind: "1h", start: "2025-11-02T00:00:00Z", key: "Kīlauea ✓ ünïcödé" } },
    { event: "chunk_skipped", kind: "1h", start: "2025-11-02T01:00:00Z", end: "2025-11-02T02:00:00Z", reason: "incomplete: 93.1% of the samples" },
    { event: "manifest", manifest: { complete: false, chunks: [] } },
];
const text = lines.map((l) => JSON.stringify(l)).join("\n");

/** A ReadableStream of these byte pieces, each after `gate(i)` resolves. */
function stream(pieces, gate = async () => {}) {
    let i = 0;
    return new ReadableStream({
        async pull(controller) {
            if (i >= pieces.length) {
                controller.close();
                return;
            }
            await gate(i);
            controller.enqueue(pieces[i++]);
        },
    });
}

function splitBytes(bytes, sizes) {
    const out = [];
    let at = 0;
    for (const n of sizes) {
        out.push(bytes.subarray(at, at + n));
        at += n;
    }
    if (at < bytes.length) out.push(bytes.subarray(at));
    return out;
}

test("parser: lines split anywhere across pushes, final line without a newline", () => {
    for (let cut = 0; cut <= text.length; cut += 7) {
        const parser = new NDJSONParser();
        const got = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut)), ...parser.end()];
        assert.deepEqual(got, lines, `cut at ${cut}`);
    }
    const parser = new NDJSONParser();
    const got = [];
    for (const ch of text + "\n") got.push(...parser.push(ch));
    assert.deepEqual(got, lines, "one character at a time, with a final newline");
    assert.deepEqual(parser.end(), []);
});

test("parser: values come out as soon as their newline arrives", () => {
    const parser = new NDJSONParser();
    const first = JSON.stringify(lines[0]);
    assert.deepEqual(parser.push(first), []);
    assert.deepEqual(parser.push("\n"), [lines[0]]);
    assert.deepEqual(parser.push(JSON.stringify(lines[1]).slice(0, 5)), []);
});

test("parser: CRLF and blank lines are fine; a bad line names its number", () => {
    const parser = new NDJSONParser();
    assert.deepEqual(parser.push('{"a":1}\r\n\n  \n{"b":2}\r\n'), [{ a: 1 }, { b: 2 }]);
    assert.throws(() => parser.push('{"c":\n'), (e) => e instanceof NDJSONError && /line 5/.test(e.message));
    const truncated = new NDJSONParser();
    truncated.push('{"event":"chunk","chu');
    assert.throws(() => truncated.end(), NDJSONError);
});

test("readNDJSON: bytes split inside multi-byte UTF-8 characters and inside lines", async () => {
    const bytes = new TextEncoder().encode(text);
    const kilauea = bytes.indexOf(0xc4); // first byte of "ī"
    assert.ok(kilauea > 0);
    for (const sizes of [[kilauea + 1], [1, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144], [bytes.length - 1], Array(bytes.length).fill(1)]) {
        const got = [];
        await readNDJSON(stream(splitBytes(bytes, sizes)), (v) => got.push(v));
        assert.deepEqual(got, lines, `pieces ${sizes.slice(0, 5)}…`);
    }
});

test("readNDJSON: each value is delivered before the rest of the stream has arrived", async () => {
    const bytes = new TextEncoder().encode(text + "\n");
    const firstLineEnd = bytes.indexOf(0x0a) + 1;
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const got = [];
    const done = readNDJSON(stream([bytes.subarray(0, firstLineEnd), bytes.subarray(firstLineEnd)], (i) => (i === 1 ? held : undefined)), (v) => got.push(v));
    for (let i = 0; i < 20 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(got, [lines[0]], "the metadata line is used while the stream is still open");
    release();
    await done;
    assert.deepEqual(got, lines);
});
