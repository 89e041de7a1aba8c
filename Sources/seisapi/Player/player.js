// The page's side of playback: the AudioContext, the AudioWorkletNode and its volume, the
// decoding Worker, and the wiring between them. Every sample goes Worker → AudioWorklet
// directly (one MessageChannel per channel); the page only sees events (plan, overview,
// spectrogram, playhead, stats), each with the index of its channel.
//
//   const player = new Player();
//   player.addEventListener("configured" | "plan" | "overview" | "spectrogram" | "playhead" |
//                           "stats" | "started" | "ended" | "error" | "warning" | "ready", …)
//   await player.play([request, …], {speeds, loudness, skipMissing})  // resolves when audio starts
//   await player.play([channel, …], {live: true, durationSeconds})    // Live mode (live-playback.js)
//   player.liveCycle(n); await player.live(channel)                   // Loop's next cycle; the live facts
//   player.seek(seconds); player.setSpeeds([2]); player.pause(); player.resume(); player.stop();
//   await player.tap(n, channel); await player.spectrogram(channel); await player.render();

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
        this.volume = 1;
        this.sessionId = 0;
        this.session = null;    // {id, t0, started, resolve, reject, run, configured: [], ...}
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
            this.gain = this.context.createGain();
            this.gain.gain.value = this.volume;
            this.gain.connect(this.context.destination);
            this.workletLoaded = this.context.audioWorklet.addModule(WORKLET_URL).then(() => {
                this.audioTimings.workletMs = round1(now() - t);
            });
        }
        const resumed = this.context.state === "running" || this.paused ? Promise.resolve() : this.context.resume();
        await Promise.all([this.workletLoaded, resumed]);
        return this.context;
    }

    /**
     * Plays one or several channels together. Resolves when the worklet starts producing
     * sound with {timeToFirstAudioMs, chunksFetched, chunksFromCache, source}.
     * @param {object[]} requests  one per channel (at most 4)
     * @param {object} o  speeds (per channel: seismic samples per audio frame), loudness,
     *   skipMissing, tapCapacity, useCache, spectrogram; live (Live mode: follow `/live`, play the
     *   newest `durationSeconds` in cycles)
     */
    play(requests, { speeds = [1], loudness = "seed", skipMissing = false, tapCapacity, useCache = true, spectrogram = true, live = false, durationSeconds } = {}) {
        this.stop();
        if (this.paused) this.resume();
        const id = ++this.sessionId;
        const t0 = now();
        const n = requests.length;
        const session = { id, t0, requests, speeds, started: false, run: null, configured: [], skips: [], generation: 0 };
        this.session = session;
        const started = new Promise((resolve, reject) => {
            session.resolve = resolve;
            session.reject = reject;
        });
        this.worker.postMessage({
            type: "play", id, requests, speeds, loudness, skipMissing, t0, useCache, spectrogram, live, durationSeconds,
            concurrency: this.concurrency, overviewWidth: this.overviewWidth(), tapCapacity,
        });
        this.audio()
            .then((context) => {
                if (this.session !== session) return;
                const node = new AudioWorkletNode(context, "seiscache-player", {
                    numberOfInputs: 0,
                    numberOfOutputs: 1,
                    outputChannelCount: [2],
                    processorOptions: { startFrames: context.sampleRate, channels: n },
                });
                node.connect(this.gain);
                node.port.onmessage = (e) => this.#fromWorklet(session, e.data);
                for (let channel = 0; channel < n; channel++) {
                    const pipe = new MessageChannel();
                    node.port.postMessage({ type: "port", channel, port: pipe.port1 }, [pipe.port1]);
                    this.worker.postMessage({ type: "port", id, channel, port: pipe.port2, audioRate: context.sampleRate }, [pipe.port2]);
                }
                session.node = node;
                session.audioRate = context.sampleRate;
                session.audioReadyMs = round1(now() - session.t0);
            })
            .catch((error) => this.#fail(session, `audio: ${error.message}`));
        return started;
    }

    /** Plays from a time (epoch seconds) of the current request, every channel at once. */
    seek(seconds) {
        const s = this.session;
        if (!s || !s.configured[0]) return;
        this.worker.postMessage({ type: "seek", id: s.id, seconds });
    }

    setSpeeds(speeds) {
        const s = this.session;
        if (!s) return;
        s.speeds = speeds;
        this.worker.postMessage({ type: "speed", id: s.id, speeds });
    }

    /** Live mode, Loop: the next cycle (the newest minutes again) after cycle `n` ended. */
    liveCycle(n) {
        if (this.session) this.worker.postMessage({ type: "live-cycle", id: this.session.id, cycle: n });
    }

    /** Live mode: channel i's live facts, asked of the Worker now (live-playback.js's `facts`). */
    live(channel = 0) {
        return this.#ask({ type: "live", id: this.session?.id, channel });
    }

    /** 0 … 2 (1: as normalized). */
    setVolume(volume) {
        this.volume = volume;
        if (this.gain) this.gain.gain.setTargetAtTime(volume, this.context.currentTime, 0.01);
    }

    /** Pauses the audio where it is (the AudioContext stops; the Worker waits for the worklet). */
    pause() {
        if (!this.context || this.paused) return;
        this.paused = true;
        this.context.suspend();
        this.#dispatch("paused", { paused: true });
    }

    resume() {
        if (!this.paused) return;
        this.paused = false;
        this.context?.resume();
        this.#dispatch("paused", { paused: false });
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

    /** The first n samples sent to the worklet for channel i in the current playback. */
    tap(n, channel = 0) {
        return this.#ask({ type: "tap", id: this.session?.id, n, channel });
    }

    /** Channel i's spectrogram (spectrogram.js's result) of the current playback. */
    spectrogram(channel = 0) {
        return this.#ask({ type: "spectrogram", id: this.session?.id, channel });
    }

    /** Every audified frame of every channel of the current view: {frames: [Float32Array…]} or {error}. */
    render() {
        return this.#ask({ type: "render", id: this.session?.id });
    }

    /** The Worker's stats of channel i (asked now), with the page's own figures. */
    async stats(channel = 0) {
        const s = this.session;
        return this.#withPage(s, await this.#ask({ type: "stats", id: s?.id, channel }));
    }

    /** The same from the Worker's last report (synchronous: it reports on every change). */
    snapshot(channel = 0) {
        const s = this.session;
        const stats = s?.stats?.[channel] ?? null;
        return this.#withPage(s, stats && { ...stats, channels: s.stats.map((c) => c) });
    }

    #withPage(s, worker) {
        return {
            ...(worker ?? {}),
            cache: worker?.source ?? null,
            manifestReceivedMs: worker?.timings?.manifestMs ?? null,
            timeToFirstAudioMs: s?.timeToFirstAudioMs ?? null,
            playing: !!s?.started && !s?.ended,
            paused: !!this.paused,
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
        const channel = m.channel ?? 0;
        if (m.type === "configured") s.configured[channel] = m;
        if (m.type === "stats") {
            s.stats ??= [];
            s.stats[channel] = m.stats;
        }
        if (m.type === "run" && channel === 0) {
            s.run = m;
            s.skips = [];
            s.ended = false;
        }
        if (m.type === "skip" && channel === 0 && s.run && m.generation === s.run.generation) s.skips.push(m);
        if (m.type === "error" && !s.started) {
            // Nothing will play if the request failed before any chunk was listed.
            s.errorBeforeStart = m.message;
            if (m.fatal) {
                this.#fail(s, m.message);
                return;
            }
        }
        if (m.type === "ended") {
            if (channel !== 0) return;
            if (!s.started) this.#fail(s, s.errorBeforeStart ?? "nothing to play");
        }
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
                const channels = stats?.channels ?? [];
                const result = {
                    timeToFirstAudioMs: session.timeToFirstAudioMs,
                    chunksFetched: channels.reduce((n, c) => n + (c.chunksFromNetwork ?? 0), 0),
                    chunksFromCache: channels.reduce((n, c) => n + (c.chunksFromIndexedDB ?? 0), 0),
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
        const c = session.configured[0];
        if ((m.type === "consumed" || m.type === "started") && run && m.generation === run.generation && c) {
            // Grid index of channel 0 playing now: frames × speed, plus the spans skipped before.
            const frames = m.frames ?? 0;
            let index = run.startIndex + Math.floor(frames * run.speed);
            for (const skip of session.skips) if (skip.frame <= frames) index += skip.to - skip.from;
            session.playhead = Math.min(index, c.first + c.total) / c.rate;
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
