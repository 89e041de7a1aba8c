// The decoding Worker (a module worker): owns libzstd-in-WASM, the IndexedDB mirror and the
// current playback: one Session (session.js) per channel played together. The page sends it
// requests and one AudioWorklet port per channel; the Worker feeds the worklet directly, so the
// page's main thread never touches samples.
//
// page → worker: {type: "play", id, requests: [request…], speeds: [s…], loudness, skipMissing,
//                 overviewWidth, tapCapacity, t0, useCache, concurrency, spectrogram,
//                 live (Live mode: a LivePlayback instead of Sessions), durationSeconds}
//                {type: "live-cycle", id, cycle} (Live, Loop: the next cycle after `cycle` ended) {type: "live", id, channel, reply}
//                {type: "port", id, channel, port, audioRate}      (port transferred)
//                {type: "seek", id, seconds} {type: "speed", id, speeds} {type: "stop", id}
//                {type: "tap", id, n, channel, reply} {type: "stats", id, channel, reply}
//                {type: "spectrogram", id, channel, reply} {type: "render", id, reply}
//                {type: "cache-usage", reply} {type: "cache-clear", reply}
// worker → page: {type: "ready", zstd, indexedDB} and the Sessions' events (each with its
//                channel: configured, plan, chunk, overview, spectrogram, run, skip, stats,
//                status, warning, error, ended; in Live mode also live, live-view) and {type: "reply", reply, value}

import { ZstdDecoder } from "./zstd.js";
import { ChunkCache } from "./chunk-cache.js";
import { Session } from "./session.js";
import { LivePlayback } from "./live-playback.js";

const decoderReady = ZstdDecoder.load(new URL("./zstd.wasm", import.meta.url));
const cacheReady = ChunkCache.open();
let playback = null; // {id, sessions: [Session]} or, in Live mode, {id, live: LivePlayback, sessions: its cycles}

const emit = (event, transfer = []) => self.postMessage(event, transfer);
const reply = (id, value, transfer = []) => self.postMessage({ type: "reply", reply: id, value }, transfer);

Promise.all([decoderReady, cacheReady]).then(
    ([decoder, cache]) => emit({ type: "ready", zstd: decoder.version, indexedDB: cache !== null }),
    (error) => emit({ type: "error", id: 0, message: `the decoder did not load: ${error.message}` }),
);

self.onmessage = async ({ data: m }) => {
    switch (m.type) {
        case "play": {
            stopAll();
            const [decoder, cache] = await Promise.all([decoderReady, cacheReady]);
            stopAll(); // a play that overtook this one while the decoder loaded
            if (m.live) {
                const live = new LivePlayback({
                    ...m, decoder, cache, base: self.location.origin, emit,
                    concurrency: Math.max(1, Math.round((m.concurrency ?? 4) / m.requests.length)),
                });
                playback = { id: m.id, live, get sessions() { return live.sessions; } };
                live.start();
                break;
            }
            const sessions = m.requests.map((request, channel) => new Session({
                id: m.id, channel, request, speed: m.speeds[channel], overviewWidth: m.overviewWidth,
                tapCapacity: m.tapCapacity, decoder, cache, useCache: m.useCache, base: self.location.origin, emit,
                t0: m.t0, concurrency: Math.max(1, Math.round((m.concurrency ?? 4) / m.requests.length)),
                loudness: m.loudness, skipMissing: m.skipMissing && m.requests.length === 1, spectrogram: m.spectrogram,
            }));
            playback = { id: m.id, sessions };
            for (const s of sessions) s.start();
            break;
        }
        case "port": {
            await Promise.all([decoderReady, cacheReady]).catch(() => {});
            if (playback?.id === m.id && playback.live) {
                playback.live.attach(m.channel, m.port, m.audioRate);
                break;
            }
            const s = await current(m.id, m.channel);
            if (!s) return;
            m.port.onmessage = (e) => s.fromWorklet(e.data);
            s.attach(m.port, m.audioRate);
            break;
        }
        case "seek":
            // One time for every channel: each seeks to its own grid index of that time.
            for (const s of sessionsOf(m.id)) if (s?.grid) s.seek(Math.round(m.seconds * s.grid.rate));
            break;
        case "speed":
            if (playback?.id === m.id && playback.live) playback.live.setSpeeds(m.speeds);
            else sessionsOf(m.id).forEach((s, i) => s.setSpeed(m.speeds[i] ?? m.speeds[0]));
            break;
        case "live-cycle":
            if (playback?.id === m.id) playback.live?.nextCycle(m.cycle);
            break;
        case "live": {
            const live = playback?.id === m.id ? playback.live : null;
            reply(m.reply, live?.channels[m.channel ?? 0] ? live.facts(live.channels[m.channel ?? 0]) : null);
            break;
        }
        case "stop":
            if (playback?.id === m.id) stopAll();
            break;
        case "tap": {
            const s = await current(m.id, m.channel ?? 0);
            reply(m.reply, s ? await s.tapFrames(m.n) : []);
            break;
        }
        case "stats": {
            const list = playback && (m.id === undefined || playback.id === m.id) ? playback.sessions : [];
            const s = list[m.channel ?? 0];
            reply(m.reply, s ? { ...s.stats(), channels: list.map((c) => c?.stats() ?? null) } : null);
            break;
        }
        case "spectrogram": {
            const s = await current(m.id, m.channel ?? 0);
            reply(m.reply, s ? await s.spectrogram() : null);
            break;
        }
        case "render": {
            // The frames of every channel, for the page's WAV writer.
            try {
                if (sessionsOf(m.id).some((s) => !s)) throw new Error("nothing is playing yet");
                const frames = await Promise.all(sessionsOf(m.id).map((s) => s.render()));
                reply(m.reply, { frames }, frames.map((f) => f.buffer));
            } catch (error) {
                reply(m.reply, { error: error.message });
            }
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

function sessionsOf(id) {
    return playback && playback.id === id ? playback.sessions : [];
}

function stopAll() {
    if (playback?.live) playback.live.stop();
    else for (const s of playback?.sessions ?? []) s.stop();
    playback = null;
}

/** The session of this id and channel once it exists (a "port" may overtake the decoder's loading;
 *  in Live mode, the cycle playing, once the first has started). */
async function current(id, channel) {
    await Promise.all([decoderReady, cacheReady]).catch(() => {});
    if (playback?.id === id && playback.live) await playback.live.firstCycle;
    return sessionsOf(id)[channel] ?? null;
}
