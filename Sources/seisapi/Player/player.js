// The page's side of playback: the AudioContext and the AudioWorkletNode, the decoding
// Worker, and the wiring between them. Every sample goes Worker → AudioWorklet directly
// (a MessageChannel); the page only sees events (plan, overview, playhead, stats).
//
//   const player = new Player();
//   player.addEventListener("configured" | "plan" | "overview" | "playhead" | "stats" |
//                           "started" | "ended" | "error" | "warning" | "ready", …)
//   await player.play(request, {speed})   // resolves when audio starts
//   player.seek(seconds); player.setSpeed(2); player.stop();
//   await player.tap(n); await player.stats();

const WORKLET_URL = new URL("./player-worklet.js", import.meta.url);
const WORKER_URL = new URL("./worker.js", import.meta.url);
const now = () => performance.timeOrigin + performance.now();
const round1 = (v) => Math.round(v * 10) / 10;

export class Player extends EventTarget {
    constructor({ overviewWidth = () => 1024, concurrency = 4 } = {}) {
        super();
        this.overviewWidth = overviewWidth;
        this.concurrency = concurrency;
        this.worker = new Worker(WORKER_URL, { type: "module" });
        this.worker.onmessage = (e) => this.#fromWorker(e.data);
        this.worker.onerror = (e) => this.#dispatch("error", { message: `worker: ${e.message ?? e}` });
        this.context = null;
        this.workletLoaded = null;
        this.node = null;
        this.sessionId = 0;
        this.session = null;    // {id, t0, started, resolve, reject, run, configured, ...}
        this.replies = new Map();
        this.replyId = 0;
        this.ready = new Promise((resolve) => (this.resolveReady = resolve));
    }

    /** Creates (on the first press) and resumes the AudioContext and loads the worklet. */
    async audio() {
        const t = now();
        if (!this.context) {
            this.context = new AudioContext({ latencyHint: "interactive" });
            this.audioTimings = { contextMs: round1(now() - t) };
            this.workletLoaded = this.context.audioWorklet.addModule(WORKLET_URL).then(() => {
                this.audioTimings.workletMs = round1(now() - t);
            });
        }
        const resumed = this.context.state === "running" ? Promise.resolve() : this.context.resume();
        await Promise.all([this.workletLoaded, resumed]);
        return this.context;
    }

    /**
     * Plays a request. Resolves when the worklet starts producing sound with
     * {timeToFirstAudioMs, chunksFetched, chunksFromCache, source}.
     */
    play(request, { speed = 1, tapCapacity, useCache = true } = {}) {
        this.stop();
        const id = ++this.sessionId;
        const t0 = now();
        const session = { id, t0, request, speed, started: false, run: null, configured: null, generation: 0 };
        this.session = session;
        const started = new Promise((resolve, reject) => {
            session.resolve = resolve;
            session.reject = reject;
        });
        this.worker.postMessage({
            type: "play", id, request, speed, t0, useCache, concurrency: this.concurrency,
            overviewWidth: this.overviewWidth(), tapCapacity,
        });
        this.audio()
            .then((context) => {
                if (this.session !== session) return;
                const node = new AudioWorkletNode(context, "seiscache-player", {
                    numberOfInputs: 0,
                    numberOfOutputs: 1,
                    outputChannelCount: [1],
                    processorOptions: { startFrames: context.sampleRate },
                });
                node.connect(context.destination);
                node.port.onmessage = (e) => this.#fromWorklet(session, e.data);
                const channel = new MessageChannel();
                node.port.postMessage({ type: "port", port: channel.port1 }, [channel.port1]);
                this.worker.postMessage({ type: "port", id, port: channel.port2, audioRate: context.sampleRate }, [channel.port2]);
                session.node = node;
                session.audioRate = context.sampleRate;
                session.audioReadyMs = round1(now() - session.t0);
            })
            .catch((error) => this.#fail(session, `audio: ${error.message}`));
        return started;
    }

    /** Plays from a time (epoch seconds) of the current request. */
    seek(seconds) {
        const s = this.session;
        if (!s || !s.configured) return;
        const index = Math.round(seconds * s.configured.rate);
        this.worker.postMessage({ type: "seek", id: s.id, index });
    }

    setSpeed(speed) {
        const s = this.session;
        if (!s) return;
        s.speed = speed;
        this.worker.postMessage({ type: "speed", id: s.id, speed });
    }

    stop() {
        const s = this.session;
        if (!s) return;
        this.worker.postMessage({ type: "stop", id: s.id });
        if (s.node) {
            s.node.port.postMessage({ type: "stop" });
            const node = s.node;
            setTimeout(() => node.disconnect(), 50);
        }
        if (!s.started) s.reject?.(new Error("stopped"));
        this.session = null;
        this.#dispatch("stopped", { id: s.id });
    }

    /** The first n samples sent to the worklet in the current playback. */
    tap(n) {
        return this.#ask({ type: "tap", id: this.session?.id, n });
    }

    /** The Worker's stats of the current playback (asked now), with the page's own figures. */
    async stats() {
        const s = this.session;
        return this.#withPage(s, await this.#ask({ type: "stats", id: s?.id }));
    }

    /** The same from the Worker's last report (synchronous: it reports on every change). */
    snapshot() {
        const s = this.session;
        return this.#withPage(s, s?.stats ?? null);
    }

    #withPage(s, worker) {
        return {
            ...(worker ?? {}),
            cache: worker?.source ?? null,
            manifestReceivedMs: worker?.timings?.manifestMs ?? null,
            timeToFirstAudioMs: s?.timeToFirstAudioMs ?? null,
            playing: !!s?.started && !s?.ended,
            underruns: s?.underruns ?? 0,
            audioRate: this.context?.sampleRate ?? null,
            audioInit: this.audioTimings ?? null,
            audioReadyMs: s?.audioReadyMs ?? null,
            playheadSeconds: s?.playhead ?? null,
        };
    }

    cacheUsage() {
        return this.#ask({ type: "cache-usage" });
    }

    clearCache() {
        return this.#ask({ type: "cache-clear" });
    }

    #ask(message) {
        const reply = ++this.replyId;
        return new Promise((resolve) => {
            this.replies.set(reply, resolve);
            this.worker.postMessage({ ...message, reply });
        });
    }

    #fromWorker(m) {
        if (m.type === "reply") {
            const resolve = this.replies.get(m.reply);
            this.replies.delete(m.reply);
            resolve?.(m.value);
            return;
        }
        if (m.type === "ready") {
            this.resolveReady(m);
            this.#dispatch("ready", m);
            return;
        }
        const s = this.session;
        if (!s || m.id !== s.id) {
            if (m.type === "error" && m.id === 0) this.#dispatch("error", m);
            return;
        }
        if (m.type === "configured") s.configured = m;
        if (m.type === "stats") s.stats = m.stats;
        if (m.type === "run") {
            s.run = m;
            s.ended = false;
        }
        if (m.type === "error" && !s.started) {
            // Nothing will play if the request failed before any chunk was listed.
            s.errorBeforeStart = m.message;
            if (m.fatal) {
                this.#fail(s, m.message);
                return;
            }
        }
        if (m.type === "ended" && !s.started) this.#fail(s, s.errorBeforeStart ?? "nothing to play");
        this.#dispatch(m.type, m);
    }

    #fromWorklet(session, m) {
        if (this.session !== session) return;
        const run = session.run;
        if (m.type === "started" && !session.started) {
            session.started = true;
            session.timeToFirstAudioMs = round1(now() - session.t0);
            this.#ask({ type: "stats", id: session.id }).then((stats) => {
                // The chunks this playback needs (all of a hit's), by where they come from.
                const result = {
                    timeToFirstAudioMs: session.timeToFirstAudioMs,
                    chunksFetched: stats?.chunksFromNetwork ?? 0,
                    chunksFromCache: stats?.chunksFromIndexedDB ?? 0,
                    source: stats?.source ?? null,
                };
                this.#dispatch("started", result);
                session.resolve(result);
            });
        } else if (m.type === "underrun") {
            session.underruns = m.underruns;
            this.#dispatch("underrun", m);
        } else if (m.type === "ended") {
            session.ended = true;
            this.#dispatch("ended", m);
        }
        if ((m.type === "consumed" || m.type === "started") && run && m.generation === run.generation && session.configured) {
            const index = run.startIndex + Math.floor((m.frames ?? 0) * run.speed);
            session.playhead = Math.min(index, session.configured.first + session.configured.total) / session.configured.rate;
            this.#dispatch("playhead", { seconds: session.playhead, index });
        }
    }

    #fail(session, message) {
        if (session.started) return;
        session.reject?.(new Error(message));
        session.reject = null;
        this.#dispatch("error", { message });
    }

    #dispatch(type, detail) {
        this.dispatchEvent(new CustomEvent(type, { detail }));
    }
}
