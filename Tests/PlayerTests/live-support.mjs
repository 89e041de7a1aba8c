// Shared by the Live mode tests (not a test file): the fixture's chunks decoded, records in
// `/live`'s frame format, a fake WebSocket, a fake /data server and a fake AudioWorklet port.
import fs from "node:fs";
import path from "node:path";
import { ZstdDecoder } from "../../Sources/seisapi/Player/zstd.js";
import { fixtures, playerDir, sleep } from "./support.mjs";

export const dir = path.join(fixtures, "session");
export const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
const expectedBytes = fs.readFileSync(path.join(dir, "expected.f32"));
/** player_reference.process_pieces (SciPy) over the manifest's range, the seed's normalization. */
export const expected = new Float32Array(expectedBytes.buffer.slice(expectedBytes.byteOffset, expectedBytes.byteOffset + expectedBytes.byteLength));
export const decoder = await ZstdDecoder.load(fs.readFileSync(path.join(playerDir, "zstd.wasm")));
export const RATE = 10;
export const BASE = "http://127.0.0.1:9999";
export const channel = { network: "HV", volcano: "kilauea", station: "TEST", location: "", channel: "HHZ" };

/** The fixture's chunks: {first (grid index), data (Int32Array)} in manifest order. */
export const chunks = manifest.chunks.map((c) => ({
    first: Math.round((Date.parse(c.start) / 1000) * RATE),
    data: decoder.decompressInt32(new Uint8Array(fs.readFileSync(path.join(dir, c.url.split("/").pop())))),
    entry: c,
}));

export const index = (iso) => Math.round((Date.parse(iso) / 1000) * RATE);

/** A `/live` binary frame: int64 LE start (ns), uint32 LE count, int32 LE samples. */
export function frame(first, samples) {
    const buffer = new ArrayBuffer(12 + 4 * samples.length);
    const view = new DataView(buffer);
    view.setBigInt64(0, BigInt(first) * (1_000_000_000n / BigInt(RATE)), true);
    view.setUint32(8, samples.length, true);
    samples.forEach((v, i) => view.setInt32(12 + 4 * i, v, true));
    return buffer;
}

/** Grid samples [from, to) of the fixture's chunks (every index must be in a chunk). */
export function samplesOf(from, to) {
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) {
        const c = chunks.find((k) => i >= k.first && i < k.first + k.data.length);
        out[i - from] = c.data[i - c.first];
    }
    return out;
}

/** [from, to) cut into records of 37…300 samples (a seeded sequence). */
export function records(from, to, seed = 7) {
    const out = [];
    let x = seed;
    for (let at = from; at < to;) {
        x = (x * 1103515245 + 12345) % 2147483648;
        const n = Math.min(to - at, 37 + (x % 264));
        out.push({ first: at, samples: samplesOf(at, at + n) });
        at += n;
    }
    return out;
}

/** A WebSocket double: the test opens it, sends messages and closes it. */
export class FakeWebSocket {
    static sockets = [];
    constructor(url) {
        this.url = url;
        this.closedByClient = false;
        FakeWebSocket.sockets.push(this);
    }
    close() {
        this.closedByClient = true;
    }
    accept(hello = { channel: "HV.TEST..HHZ", sample_rate: RATE, buffer_minutes: 30 }) {
        this.onopen?.();
        this.onmessage?.({ data: JSON.stringify(hello) });
    }
    send(first, samples) {
        this.onmessage?.({ data: frame(first, samples) });
    }
    drop(code = 1006) {
        this.onclose?.({ code, reason: "" });
    }
}

export function json(value, status = 200, headers = {}) {
    return new Response(JSON.stringify(value), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** /data answers a hit of the fixture chunks overlapping the asked range; /files/ the chunks. */
export function dataServer() {
    const log = [];
    const fetch = async (url) => {
        const u = new URL(url);
        log.push(u.pathname + (u.search ? `?${u.searchParams.get("start")}..${u.searchParams.get("end")}` : ""));
        await sleep(1);
        if (u.pathname === "/data") {
            const start = u.searchParams.get("start");
            const end = u.searchParams.get("end");
            const listed = manifest.chunks.filter((c) => Date.parse(c.start) < Date.parse(end) && Date.parse(c.end) > Date.parse(start));
            // As the server: the normalization is the min/max over the listed chunks.
            const normalization = { global_min: Math.min(...listed.map((c) => c.min)), global_max: Math.max(...listed.map((c) => c.max)) };
            return json({ ...manifest, start, end, chunks: listed, normalization });
        }
        const file = path.join(dir, decodeURIComponent(u.pathname).split("/").pop());
        if (!fs.existsSync(file)) return new Response("no", { status: 404 });
        return new Response(fs.readFileSync(file));
    };
    return { fetch, log };
}

/** The AudioWorklet's side of one channel's port (as player-worklet.js: a flush starts a
 *  generation; blocks consumed at once; "ended" after an "end"). */
export function workletPort() {
    const blocks = new Map();
    let current = 0;
    const port = {
        onmessage: null,
        blocks,
        postMessage(message) {
            if (message.type === "flush") current = message.generation;
            if (message.generation !== current) return;
            const reply = (data) => setTimeout(() => port.onmessage?.({ data }), 0);
            if (message.type === "block") {
                if (!blocks.has(current)) blocks.set(current, []);
                blocks.get(current).push(message.samples);
                reply({ type: "consumed", generation: current, frames: blocks.get(current).reduce((n, b) => n + b.length, 0) });
            } else if (message.type === "end") {
                reply({ type: "ended", generation: current });
            }
        },
        output(generation) {
            const list = blocks.get(generation) ?? [];
            const out = new Float32Array(list.reduce((n, b) => n + b.length, 0));
            let at = 0;
            for (const b of list) {
                out.set(b, at);
                at += b.length;
            }
            return out;
        },
    };
    return port;
}

export async function until(condition, what, ms = 5000) {
    for (let t = 0; t < ms; t += 5) {
        if (condition()) return;
        await sleep(5);
    }
    throw new Error(`timed out waiting for ${what}`);
}
