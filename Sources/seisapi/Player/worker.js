// The decoding Worker (a module worker): owns libzstd-in-WASM, the IndexedDB mirror and the
// current Session (session.js). The page sends it requests and the AudioWorklet's port; the
// Worker feeds the worklet directly, so the page's main thread never touches samples.
//
// page → worker: {type: "play", id, request, speed, overviewWidth, tapCapacity, t0, useCache}
//                {type: "port", id, port, audioRate}      (port transferred)
//                {type: "seek", id, index} {type: "speed", id, speed} {type: "stop", id}
//                {type: "tap", id, n, reply} {type: "stats", id, reply}
//                {type: "cache-usage", reply} {type: "cache-clear", reply}
// worker → page: {type: "ready", zstd, indexedDB} and the Session's events
//                (configured, plan, chunk, overview, run, stats, status, warning, error, ended)
//                and {type: "reply", reply, value}

import { ZstdDecoder } from "./zstd.js";
import { ChunkCache } from "./chunk-cache.js";
import { Session } from "./session.js";

const decoderReady = ZstdDecoder.load(new URL("./zstd.wasm", import.meta.url));
const cacheReady = ChunkCache.open();
let session = null;

const emit = (event, transfer = []) => self.postMessage(event, transfer);
const reply = (id, value) => self.postMessage({ type: "reply", reply: id, value });

Promise.all([decoderReady, cacheReady]).then(
    ([decoder, cache]) => emit({ type: "ready", zstd: decoder.version, indexedDB: cache !== null }),
    (error) => emit({ type: "error", id: 0, message: `the decoder did not load: ${error.message}` }),
);

self.onmessage = async ({ data: m }) => {
    switch (m.type) {
        case "play": {
            if (session) session.stop();
            const [decoder, cache] = await Promise.all([decoderReady, cacheReady]);
            session = new Session({
                id: m.id,
                request: m.request,
                speed: m.speed,
                overviewWidth: m.overviewWidth,
                tapCapacity: m.tapCapacity,
                decoder,
                cache,
                useCache: m.useCache,
                base: self.location.origin,
                emit,
                t0: m.t0,
                concurrency: m.concurrency,
            });
            session.start();
            break;
        }
        case "port": {
            const s = await current(m.id);
            if (!s) return;
            m.port.onmessage = (e) => s.fromWorklet(e.data);
            s.attach(m.port, m.audioRate);
            break;
        }
        case "seek":
            if (session?.id === m.id) session.seek(m.index);
            break;
        case "speed":
            if (session?.id === m.id) session.setSpeed(m.speed);
            break;
        case "stop":
            if (session?.id === m.id) {
                session.stop();
                session = null;
            }
            break;
        case "tap": {
            const s = await current(m.id);
            reply(m.reply, s ? await s.tapFrames(m.n) : []);
            break;
        }
        case "stats": {
            const s = session && (m.id === undefined || session.id === m.id) ? session : null;
            reply(m.reply, s ? s.stats() : null);
            break;
        }
        case "cache-usage": {
            const cache = await cacheReady;
            reply(m.reply, cache ? await cache.usage() : null);
            break;
        }
        case "cache-clear": {
            const cache = await cacheReady;
            if (cache) await cache.clear();
            reply(m.reply, true);
            break;
        }
        default:
            break;
    }
};

/** The session of this id once it exists (a "port" may overtake the decoder's loading). */
async function current(id) {
    await Promise.all([decoderReady, cacheReady]).catch(() => {});
    return session && session.id === id ? session : null;
}
