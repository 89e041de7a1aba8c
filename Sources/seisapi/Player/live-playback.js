// Live mode in the Worker: per channel one `/live` WebSocket (live-socket.js) feeding a live
// tail (live-tail.js); the picture of the newest N minutes redrawn as records arrive
// (live-view.js); and the audio in *cycles* (live-cycle.js): a cycle plays the newest N minutes
// as they were when it started — the cached part and the tail — and the next cycle (the page
// asks for it when one ends with Loop on) plays the newest N minutes again, the records that
// arrived meanwhile appended. Every channel's window ends at one time (the newest sample of
// any channel), so several channels stay on one time axis.
//
// No DOM: worker.js makes one per Live play; Node's tests drive it with a fake WebSocket.

import { LiveTail } from "./live-tail.js";
import { LiveSocket, liveURL } from "./live-socket.js";
import { LiveCycle } from "./live-cycle.js";
import { liveView } from "./live-view.js";

const wallClock = () => performance.timeOrigin + performance.now();

export class LivePlayback {
    /**
     * @param {object} o  worker.js's play message fields (id, requests, speeds, loudness,
     *   overviewWidth, tapCapacity, t0, useCache, concurrency, spectrogram), durationSeconds (N
     *   minutes × 60), and decoder, cache, base, emit, fetch; for tests WebSocket, now, setTimeout,
     *   clearTimeout, quietMs (the backlog is in when no record came for this long; 250),
     *   firstWaitMs (at most this long after the first record; 2000)
     */
    constructor(o) {
        this.o = o;
        this.id = o.id;
        this.emit = o.emit;
        this.now = o.now ?? wallClock;
        this.setTimeout = o.setTimeout ?? ((f, ms) => setTimeout(f, ms));
        this.clearTimeout = o.clearTimeout ?? ((t) => clearTimeout(t));
        this.speeds = o.speeds;
        this.cycles = 0;
        this.stopped = false;
        this.timers = new Set();
        this.viewDue = false;
        this.viewCost = 0;
        this.displayedUntil = null;
        this.channels = o.requests.map((request, channel) => ({
            channel, request, tail: null, hello: null, cycle: null, port: null, audioRate: null,
            status: { state: "connecting", attempt: 0 }, receivedAt: null, lastRecordAt: null, statusDue: false,
        }));
        this.firstCycle = new Promise((resolve) => (this.resolveFirst = resolve));
    }

    /** The cycle of each channel playing now (null before the first). */
    get sessions() {
        return this.channels.map((c) => c.cycle);
    }

    start() {
        for (const c of this.channels) {
            c.socket = new LiveSocket({
                url: liveURL(this.o.base, c.request), WebSocket: this.o.WebSocket, fetch: this.o.fetch,
                setTimeout: this.setTimeout, clearTimeout: this.clearTimeout,
                onHello: (hello) => this.#hello(c, hello),
                onRecord: (record) => this.#record(c, record),
                onStatus: (status) => {
                    c.status = status;
                    if (status.state === "failed") {
                        // Fatal (the play rejects) when no channel can follow the feed any more.
                        const fatal = this.cycles === 0 && this.channels.every((x) => x.status.state === "failed");
                        this.emit({ type: "error", id: this.id, channel: c.channel, message: `live ${c.request.station}: ${status.reason}`, fatal });
                    }
                    this.#emitStatus(c);
                },
            });
            c.socket.open();
        }
    }

    stop() {
        this.stopped = true;
        for (const t of this.timers) this.clearTimeout(t);
        this.timers.clear();
        for (const c of this.channels) {
            c.socket?.close();
            c.cycle?.stop();
        }
    }

    /** The worklet's port of a channel: every cycle of that channel plays through it. */
    attach(channel, port, audioRate) {
        const c = this.channels[channel];
        if (!c) return;
        c.port = port;
        c.audioRate = audioRate;
        port.onmessage = (e) => c.cycle?.fromWorklet(e.data);
        c.cycle?.attach(port, audioRate);
    }

    /** The next cycle (Loop) after cycle `n` ended (its "ended" event names it; asks about an
     *  older cycle, or one still playing, are ignored). */
    nextCycle(n) {
        if (this.stopped || n !== this.cycles || !this.channels[0].cycle?.audioEnded) return false;
        this.#startCycles();
        return true;
    }

    setSpeeds(speeds) {
        this.speeds = speeds;
        this.channels.forEach((c, i) => c.cycle?.setSpeed(speeds[i] ?? speeds[0]));
    }

    /** A channel's live facts (the test hook's `live(i)`). */
    facts(c) {
        const tail = c.tail;
        const rate = tail?.rate ?? null;
        return {
            channel: c.channel, name: c.hello?.channel ?? null, sampleRate: rate, state: c.status.state,
            reason: c.status.reason ?? null, retryInMs: c.status.retryInMs ?? null, attempt: c.status.attempt ?? 0,
            warning: c.status.warning ?? null, connections: c.socket?.connections ?? 0,
            newestSampleTime: tail?.end != null ? (tail.end - 1) / rate : null,
            newestEnd: tail?.end != null ? tail.end / rate : null,
            oldestSampleTime: tail?.first != null ? tail.first / rate : null,
            receivedAt: c.receivedAt, records: tail?.records ?? 0, samplesHeld: tail?.samples ?? 0,
            samplesDropped: tail?.dropped ?? 0, badFrames: c.socket?.badFrames ?? 0, backlogRecords: c.backlog ?? null,
            displayedUntil: this.displayedUntil, cycles: this.cycles,
            cycle: c.cycle ? { start: c.cycle.window.start, end: c.cycle.window.end, source: c.cycle.source } : null,
        };
    }

    // ---- records ----

    #hello(c, hello) {
        c.hello = hello;
        const rate = hello.sampleRate ?? c.request.sampleRate ?? null;
        if (rate && (!c.tail || c.tail.rate !== rate)) c.tail = new LiveTail(rate);
        c.backlog = hello.backlogRecords;
        c.backlogSeen = 0;
        this.#emitStatus(c);
        this.#firstCycleSoon();
    }

    #record(c, record) {
        if (!c.tail) return; // no hello yet, or no rate: the records cannot be placed
        c.tail.add(record.startNs, record.samples);
        c.backlogSeen = (c.backlogSeen ?? 0) + 1;
        c.receivedAt = this.now();
        const keep = Math.round(this.o.durationSeconds * c.tail.rate) + Math.round(60 * c.tail.rate);
        if (c.tail.end !== null) c.tail.trim(c.tail.end - keep);
        this.#emitStatus(c);
        this.#scheduleView();
        this.firstRecordAt ??= this.now();
        this.#firstCycleSoon();
    }

    /** The first cycle starts once the server's buffer is in: every channel's `backlog_records`
     *  arrived (and some record at all), else (a server that does not say) when no record came
     *  for `quietMs`, at most `firstWaitMs` after the first record. */
    #firstCycleSoon() {
        if (this.cycles > 0 || this.firstRecordAt === undefined) return;
        const start = () => this.cycles === 0 && !this.stopped && this.#startCycles();
        const told = this.channels.every((c) => c.backlog !== null && c.backlog !== undefined && c.backlogSeen >= c.backlog);
        if (told && this.#windowEnd() !== null) return this.#later("first", 0, start);
        this.#later("first", Math.max(0, Math.min(this.o.quietMs ?? 250, this.firstRecordAt + (this.o.firstWaitMs ?? 2000) - this.now())), start);
    }

    /** The window end shared by every channel: the newest sample's end of any channel (seconds). */
    #windowEnd() {
        let end = null;
        for (const c of this.channels) if (c.tail?.end != null) end = Math.max(end ?? -Infinity, c.tail.end / c.tail.rate);
        return end;
    }

    #window(c, endSeconds) {
        const rate = c.tail?.rate ?? c.cycle?.rate ?? null;
        if (!rate || endSeconds === null) return null;
        const to = Math.ceil(endSeconds * rate - 1e-6);
        return { from: to - Math.round(this.o.durationSeconds * rate), to, rate };
    }

    // ---- cycles ----

    #startCycles() {
        const end = this.#windowEnd();
        if (end === null) return;
        this.cycles += 1;
        for (const c of this.channels) {
            const w = this.#window(c, end);
            if (!w) continue;
            const previous = c.cycle;
            const cycle = new LiveCycle({
                ...this.o, id: this.id, channel: c.channel, request: c.request, speed: this.speeds[c.channel] ?? this.speeds[0],
                window: { from: w.from, to: w.to }, runs: c.tail.runs(w.from, w.to), rate: w.rate,
                generation: previous?.generation ?? 0, audioRate: c.audioRate ?? this.o.audioRate,
                emit: (event, transfer) => this.#fromCycle(cycle, event, transfer),
            });
            if (previous) {
                previous.outlet.sink = null; // the port plays on: a stop would end the worklet
                previous.stop();
            }
            c.cycle = cycle;
            cycle.start();
            if (c.port) cycle.attach(c.port, c.audioRate);
        }
        this.resolveFirst();
        for (const c of this.channels) this.#emitStatus(c);
        this.#scheduleView();
    }

    /** A cycle's events for the page: its own pictures are not sent (the live view draws). */
    #fromCycle(cycle, event, transfer) {
        if (event.type === "ended") cycle.audioEnded = true;
        if (this.channels[event.channel]?.cycle !== cycle) return;
        if (event.type === "overview" || event.type === "spectrogram" || event.type === "plan" || event.type === "chunk") {
            if (event.type === "chunk") this.#scheduleView();
            return;
        }
        this.emit({ ...event, live: true, cycle: this.cycles }, transfer);
    }

    // ---- the picture and the status ----

    /** Redraws soon: at most every 100 ms, and spending at most a fifth of the time on it. */
    #scheduleView() {
        if (this.viewDue || this.stopped) return;
        this.viewDue = true;
        const wait = Math.max(100, 4 * this.viewCost) - (this.now() - (this.lastViewAt ?? -Infinity));
        this.#later("view", Math.max(0, wait), () => {
            this.viewDue = false;
            this.#view();
        });
    }

    #view() {
        const end = this.#windowEnd();
        if (end === null || this.stopped) return;
        const t = this.now();
        let complete = true;
        for (const c of this.channels) {
            const w = this.#window(c, end);
            if (!w || !c.tail) continue;
            const v = liveView({
                rate: w.rate, window: w, cycle: c.cycle?.rate === w.rate ? c.cycle : null, runs: c.tail.runs(w.from, w.to),
                tailFirst: c.tail.first, tailEnd: c.tail.end, range: c.tail.range(w.from, w.to), loudness: this.o.loudness,
                width: this.o.overviewWidth, spectrogram: this.o.spectrogram,
            });
            complete &&= v.complete;
            const transfer = [v.overview?.min.buffer, v.overview?.max.buffer, v.spectrogram?.db.buffer].filter(Boolean);
            this.emit({ type: "live-view", id: this.id, channel: c.channel, info: v.info, plan: v.plan, overview: v.overview, spectrogram: v.spectrogram }, transfer);
        }
        this.displayedUntil = end;
        this.lastViewAt = this.now();
        this.viewCost = this.lastViewAt - t;
        for (const c of this.channels) this.#emitStatus(c);
        if (!complete) this.#later("incomplete", 500, () => this.#scheduleView());
    }

    /** The channel's facts to the page, at most every 100 ms. */
    #emitStatus(c) {
        if (c.statusDue || this.stopped) return;
        c.statusDue = true;
        this.#later(`status${c.channel}`, c.lastStatusAt && this.now() - c.lastStatusAt < 100 ? 100 : 0, () => {
            c.statusDue = false;
            c.lastStatusAt = this.now();
            this.emit({ type: "live", id: this.id, channel: c.channel, live: this.facts(c) });
        });
    }

    /** One pending timer per name (a later call with the same name replaces it). */
    #later(name, ms, fn) {
        this.pending ??= new Map();
        const old = this.pending.get(name);
        if (old !== undefined) {
            this.clearTimeout(old);
            this.timers.delete(old);
        }
        const t = this.setTimeout(() => {
            this.timers.delete(t);
            this.pending.delete(name);
            if (!this.stopped) fn();
        }, ms);
        this.timers.add(t);
        this.pending.set(name, t);
    }
}
