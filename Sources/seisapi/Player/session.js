// One playback of one channel, run inside the decoding Worker (worker.js). It ties the parts
// together: the manifest (manifest-reader.js: IndexedDB, a /data hit or a streamed miss), the
// chunks (chunk-loader.js: playback order, bounded parallelism, the mirror), the playback
// pass (playback.js: process, audify, 1024-frame blocks to the AudioWorklet with flow
// control) and the analysis pass (analysis.js: overview, spectrogram, filter checkpoints).
//
// No DOM: everything outside (fetch, the decoder, the cache, the worklet's port, the events
// for the page) is passed in, so Node's tests run a whole session against fixtures.

import { SampleGrid, CoveragePlan, parseTime } from "./planner.js";
import { ChunkLoader } from "./chunk-loader.js";
import { ManifestReader } from "./manifest-reader.js";
import { Analysis, SLICE } from "./analysis.js";
import { PlaybackRun, FrameTap, WorkletOutlet, renderFrames } from "./playback.js";
import { sessionStats, planFields } from "./session-report.js";

const wallClock = () => performance.timeOrigin + performance.now();

export class Session {
    /**
     * @param {object} o  request ({network, volcano, station, location, channel, start?, end?,
     *   duration?}), channel (index in a playback of several, in every event; 0), speed (seismic
     *   samples per audio frame; 1), overviewWidth (picture columns; 1024), tapCapacity,
     *   spectrogram (true), decoder (ZstdDecoder), cache (ChunkCache or null), useCache (true),
     *   fetch, base (the API's URL), emit ((event, transfer) => void: events for the page),
     *   concurrency (chunk loads at a time; 4), audioRate (48000), t0 (wall-clock ms of the press),
     *   loudness ("seed" | "centered"), skipMissing (false: missing spans play as silence)
     */
    constructor(o) {
        this.id = o.id ?? 1;
        this.channel = o.channel ?? 0;
        this.request = o.request;
        this.speed = o.speed ?? 1;
        this.overviewWidth = Math.max(1, Math.floor(o.overviewWidth ?? 1024));
        this.tapCapacity = o.tapCapacity ?? 1 << 20;
        this.withSpectrogram = o.spectrogram !== false;
        this.loudness = o.loudness ?? "seed";
        this.skipMissing = !!o.skipMissing;
        this.cache = o.useCache === false ? null : (o.cache ?? null);
        this.fetch = o.fetch ?? ((...args) => fetch(...args));
        this.base = o.base;
        this.emit = o.emit ?? (() => {});
        this.audioRate = o.audioRate ?? 48000;
        this.now = o.now ?? wallClock;
        this.t0 = o.t0 ?? this.now();

        this.abort = new AbortController();
        this.source = null;        // "hit" | "miss" | "indexeddb"
        this.revalidation = null;  // a remembered manifest checked with /data: "current" | "changed" | "unknown"
        this.grid = null;
        this.plan = null;
        this.normalization = null;
        this.skips = [];           // {from, to, reason} of chunk_skipped lines
        this.progress = { planned: null, generated: 0, skipped: 0, totalSamples: null };
        this.error = null;
        this.finished = false;     // the manifest is final
        this.stopped = false;
        this.timings = {};
        this.reader = new ManifestReader(this);
        this.loader = new ChunkLoader({
            request: this.request, decoder: o.decoder, cache: this.cache, fetch: this.fetch, base: this.base,
            signal: this.abort.signal, concurrency: o.concurrency ?? 4, memoryBudget: o.memoryBudget ?? 256 * 1024 * 1024,
            now: this.now, cursor: () => (this.run ? this.run.cursor : this.grid.first),
            event: (type, fields) => this.event(type, fields),
            onLoaded: (record) => {
                if (record?.state === "ready") this.mark("firstChunk");
                if (this.finished && this.loader.settled()) this.mark("chunksIn");
                this.emitStats();
                this.#advance();
            },
        });

        this.outlet = new WorkletOutlet();
        this.generation = 0;
        this.run = null;
        this.analysis = null;
        this.tap = new FrameTap();
        this.advancing = false;
        this.advanceAgain = false;
        this.configuredWaiters = [];
        this.lastPicture = 0;
    }

    // The parts' figures the tests and the report look at.
    get queue() { return this.loader.queue; }
    get storing() { return this.loader.storing; }
    get records() { return this.loader.records; }
    get pending() { return this.outlet.pending; }
    get sentFrames() { return this.outlet.sentFrames; }
    get consumedFrames() { return this.outlet.consumedFrames; }

    // ---- public ----

    /** Gets the manifest and drives everything; resolves when the manifest is final. */
    async start() {
        this.mark("start");
        await this.reader.run().catch((error) => this.stopped || this.#fail(error));
    }

    /** Connects the AudioWorklet's port; blocks made so far go out now. */
    attach(sink, audioRate) {
        if (audioRate) this.audioRate = audioRate;
        this.outlet.attach(sink, this.generation);
        this.#advance();
    }

    /** A message from the worklet. */
    fromWorklet(message) {
        if (message.generation !== this.generation) return;
        if (message.type === "consumed") {
            this.outlet.consumedFrames = message.frames;
            this.#advance();
        } else if (message.type === "started" && this.timings.firstAudio === undefined) {
            this.mark("firstAudio");
            this.emitStats();
        } else if (message.type === "ended") {
            this.event("ended", {});
        }
    }

    /** Plays from a grid index (click on the overview). */
    seek(index) {
        if (!this.grid || !this.analysis) return;
        const at = Math.min(Math.max(Math.round(index), this.grid.first), Math.max(this.grid.first, this.grid.last - 1));
        this.#startRun(at, this.speed);
    }

    /** Changes the speed, continuing from what is playing now. */
    setSpeed(speed) {
        if (!(speed > 0)) return;
        this.speed = speed;
        if (this.run) this.#startRun(this.position(), speed);
    }

    /** The grid index playing now (from the frames the worklet consumed). */
    position() {
        if (!this.run) return this.grid ? this.grid.first : 0;
        const at = this.run.startIndex + Math.floor(this.consumedFrames * this.run.speed);
        return Math.min(at, this.grid.last);
    }

    stop() {
        this.stopped = true;
        this.abort.abort();
        this.loader.close();
        this.outlet.sink?.postMessage({ type: "stop", generation: this.generation });
        this.yieldChannel?.port1.close();
        this.yieldChannel?.port2.close();
        this.tap.resolve(true);
    }

    /** The first n processed samples of this playback (y[0..n)), as they are audified. */
    tapFrames(n) {
        return this.tap.frames(n);
    }

    /** The spectrogram so far (spectrogram.js's result), once the range is known. */
    async spectrogram() {
        await this.configured();
        const s = this.analysis?.spectrogram;
        return s ? { ...s.result(), start: this.startText, channel: this.channel } : null;
    }

    /** Every frame of the range as a playback from its start makes them (the WAV). */
    async render() {
        await this.configured();
        return renderFrames({ ...this.#runOptions(), grid: this.grid, isStopped: () => this.stopped });
    }

    /** Resolves once the grid and normalization are known. */
    configured() {
        if (this.analysis) return Promise.resolve();
        return new Promise((resolve) => this.configuredWaiters.push(resolve));
    }

    /** Resolves when no load is queued or running. */
    idle() {
        return this.loader.idle();
    }

    /** The playback's figures (session-report.js). */
    stats() {
        return sessionStats(this);
    }

    // ---- what the manifest reader calls ----

    async configure(info) {
        if (this.grid) return;
        const rate = Number(info.sample_rate);
        const start = parseTime(info.start);
        const end = parseTime(info.end);
        this.startText = info.start;
        this.endText = info.end;
        this.grid = new SampleGrid(rate, start, end);
        this.plan = new CoveragePlan(this.grid);
        this.normalization = info.normalization ?? null;
        this.loader.configure(this.grid, this.plan, await this.reader.mirrored(start * 1000, end * 1000));
        this.tap.allocate(Math.min(this.tapCapacity, this.grid.total + 1));
        this.event("configured", {
            source: this.source, rate, start: info.start, end: info.end, first: this.grid.first, total: this.grid.total,
            normalization: this.normalization, chunksPlanned: this.progress.planned, totalSamples: this.progress.totalSamples,
        });
        if (this.normalization) this.#startProcessing();
    }

    addChunks(entries) {
        if (this.loader.add(entries)) {
            this.#emitPlan();
            this.#advance();
        }
    }

    /** A chunk the server skipped: its span plays as silence, for `reason`. */
    markMissing(startText, endText, reason) {
        const from = this.grid.index(parseTime(startText));
        const to = this.grid.index(parseTime(endText));
        this.skips.push({ from, to, reason });
        this.plan.markMissing(from, to);
        this.#emitPlan();
        this.#advance();
    }

    finish(manifest) {
        if (this.finished) return;
        if (manifest && !this.normalization) this.normalization = manifest.normalization ?? null;
        // No range from the server: the chunks' own min/max (or silence stays silence).
        if (!this.normalization) this.normalization = this.loader.range();
        this.plan.finish();
        this.finished = true;
        this.#startProcessing();
        if (manifest && this.source !== "indexeddb") this.reader.remember(manifest);
        this.#emitPlan();
        this.emitStats();
        this.#advance();
    }

    mark(name) {
        if (this.timings[name] === undefined) this.timings[name] = this.now();
    }

    /** An event for the page, with this playback's id and channel. */
    event(type, fields, transfer) {
        this.emit({ type, id: this.id, channel: this.channel, ...fields }, transfer);
    }

    emitStats() {
        this.event("stats", { stats: this.stats() });
    }

    // ---- processing ----

    #startProcessing() {
        if (this.analysis) return;
        this.analysis = new Analysis({
            grid: this.grid, normalization: this.normalization, loudness: this.loudness, width: this.overviewWidth,
            spectrogram: this.withSpectrogram,
        });
        for (const resolve of this.configuredWaiters) resolve();
        this.configuredWaiters = [];
        this.#startRun(this.grid.first, this.speed);
    }

    /** Runs playback and analysis as far as the loaded data allows, yielding between slices. */
    #advance() {
        if (this.advancing) {
            this.advanceAgain = true;
            return;
        }
        if (this.stopped || !this.analysis) return;
        this.advancing = true;
        try {
            do {
                this.advanceAgain = false;
                this.#pump();
                // Until the first second of audio is out, analyse in small steps so the
                // worklet's port and the next chunk are never kept waiting.
                const budget = this.outlet.sink && this.sentFrames >= this.audioRate ? SLICE * 8 : SLICE;
                const done = this.analysis.step((s) => this.loader.data(s), this.plan, budget, this.now);
                this.#emitAnalysis();
                if (done >= budget && !this.analysis.complete) {
                    // Yield so port messages (the worklet asking for more) get through.
                    this.#yield();
                    break;
                }
            } while (this.advanceAgain);
            this.loader.evict(this.run ? this.run.cursor : this.grid.first, this.analysis.cursor);
        } finally {
            this.advancing = false;
        }
    }

    /** Continues #advance after pending messages (a MessageChannel: no 4 ms timer clamping). */
    #yield() {
        if (this.yielding) return;
        this.yielding = true;
        if (!this.yieldChannel) {
            this.yieldChannel = new MessageChannel();
            this.yieldChannel.port1.onmessage = () => {
                this.yielding = false;
                this.#advance();
            };
        }
        this.yieldChannel.port2.postMessage(null);
    }

    #startRun(index, speed) {
        this.generation += 1;
        const generation = this.generation;
        this.outlet.flush(generation);
        const segment = this.plan.segmentAt(index);
        const checkpoints = this.analysis.checkpoints;
        const run = new PlaybackRun({
            ...this.#runOptions(), generation, startIndex: index, speed,
            checkpoint: segment && checkpoints.has(segment.from) ? checkpoints.get(segment.from) : undefined,
            send: (block) => this.#send(run, block),
            onSamples: generation === (this.baseGeneration ?? 0) + 1 && index === this.grid.first ? (y) => this.tap.record(y) : null,
            onSkip: (skip) => this.event("skip", { generation, ...skip }),
        });
        if (generation > (this.baseGeneration ?? 0) + 1 || index !== this.grid.first) this.tap.close();
        this.run = run;
        this.event("run", { generation, startIndex: index, speed, exact: run.exact });
        this.loader.reprioritize();
        this.#advance();
    }

    #runOptions() {
        return {
            speed: this.speed, rate: this.grid.rate, normalization: this.normalization, loudness: this.loudness, plan: this.plan,
            data: (s) => this.loader.data(s), skipMissing: this.skipMissing, fadeSamples: 0.005 * this.audioRate * this.speed,
        };
    }

    /** The playback pass: process, audify and send until ~3 s of audio are queued. */
    #pump() {
        const run = this.run;
        if (!run || run.ended || run.generation !== this.generation) return;
        const highWater = Math.ceil(this.audioRate * 3);
        const t = this.now();
        const room = () => highWater - this.outlet.queued(run.buffered);
        const { processed, ended } = run.pump((s) => this.loader.data(s), room, this.grid.last);
        if (ended) {
            this.outlet.post({ type: "end", generation: run.generation });
            this.tap.resolve(true);
        }
        if (processed) {
            this.playMs = (this.playMs ?? 0) + this.now() - t;
            this.playSamples = (this.playSamples ?? 0) + processed;
        }
    }

    #send(run, block) {
        if (run.generation !== this.generation) return;
        this.mark("firstBlock");
        this.outlet.block(run.generation, block);
    }

    // ---- events ----

    /** The overview and spectrogram columns computed since the last report (at most every 60 ms). */
    #emitAnalysis() {
        const a = this.analysis;
        const complete = a.complete;
        const t = this.now();
        if (complete || t - this.lastPicture >= 60) {
            this.lastPicture = t;
            const o = a.takeOverview();
            if (o) this.event("overview", o, [o.min.buffer, o.max.buffer]);
            const s = a.takeSpectrogram();
            if (s) this.event("spectrogram", s, [s.db.buffer]);
        }
        if (complete && !a.reported) {
            a.reported = true;
            this.mark("analyzed");
            this.emitStats();
        }
    }

    #emitPlan() {
        if (this.plan) this.event("plan", planFields(this));
    }

    #fail(error) {
        this.error = error?.message ?? String(error);
        this.event("error", { message: this.error, fatal: this.loader.records.size === 0 });
        if (this.plan && !this.finished) {
            this.plan.finish();
            this.finished = true;
            this.#startProcessing();
            this.#emitPlan();
            this.#advance();
        } else {
            this.tap.resolve(true);
        }
        this.emitStats();
    }
}
