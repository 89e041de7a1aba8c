// The page: the form (pickers, start, duration, speed, loudness), the transport (pause, loop,
// volume, skip missing, frequency axis, Copy link, Download WAV), the pictures, the status
// line, the view's link in the URL, and the test hook window.seiscachePlayer (Docs/player.md).

import { Player } from "./player.js";
import { Plots } from "./plots.js";
import { StationPicker } from "./stations.js";
import { defaultDuration, sourceWords, trimRate } from "./defaults.js";
import { durationSeconds, formatTime } from "./planner.js";
import { viewQuery, parseView, sameView, viewOfRequest } from "./view.js";
import { encodeWAV } from "./wav.js";
import { formatDuration } from "./status.js";
import { StatusView } from "./status-view.js";
import { LiveUI } from "./live-ui.js";

const $ = (id) => document.getElementById(id);
const ui = {
    form: $("controls"), volcano: $("volcano"), channel: $("channel"), add: $("add-channel"), list: $("channel-list"),
    start: $("start"), modeLatest: $("mode-latest"), modeFrom: $("mode-from"), modeLive: $("mode-live"), duration: $("duration"), speed: $("speed"),
    loudness: $("loudness"), play: $("play"), pause: $("pause"), loop: $("loop"), volume: $("volume"),
    volumeValue: $("volume-value"), skip: $("skip-missing"), freq: $("freq-scale"), copy: $("copy-link"),
    wav: $("download-wav"), hint: $("hint"), empty: $("empty-cache"), status: $("status"), facts: $("facts"),
    stationFacts: $("station-facts"), sourceLabel: $("source-label"), cacheUsage: $("cache-usage"), clearCache: $("clear-cache"),
};

const plots = new Plots($("plots"), { onSeek: (t) => seek(t) });
const player = new Player({ overviewWidth: () => plots.columns });
const picker = new StationPicker(ui, () => channelChanged());
const state = {
    catalog: null, source: sourceWords(null), ready: null, playing: false, stats: null, configured: [], plans: [],
    error: null, warning: null, started: null, startEdited: false, durationEdited: false, view: null,
    loudness: "centered", skipMissing: false, note: null,
};
const live = new LiveUI({ player, plots, state, onChange: () => status.soon() });
const status = new StatusView({ ui, state, player, extra: () => live.statusParts() });
const renderStatus = () => status.render();

// ---- stations and defaults ----

async function loadStations() {
    const response = await fetch("/api/stations");
    if (!response.ok) throw new Error(`/api/stations: HTTP ${response.status}`);
    const catalog = await response.json();
    state.catalog = catalog;
    state.source = sourceWords(catalog.source);
    ui.sourceLabel.textContent = `Data: ${state.source.label}`;
    const empty = !catalog.stations.some((s) => s.cached);
    ui.empty.hidden = !empty;
    ui.empty.textContent = empty
        ? `Nothing is cached yet. Press Play to fetch the range below from ${state.source.label}: it plays as it arrives, its chunks are stored and play from the cache next time (seiscron, the cron, fills the cache on its own).`
        : "";
    picker.load(catalog);
    const linked = parseView(location.search);
    if (linked) applyView(linked);
    renderStatus();
}

function channelChanged() {
    const s = picker.selectedStation();
    ui.play.disabled = picker.channels().length === 0;
    if (!s) {
        ui.stationFacts.textContent = "";
        return;
    }
    ui.stationFacts.textContent = `${picker.volcanoName(s.volcano)} · ${s.network}.${s.station}.${s.location || "--"}.${s.channel} · ${s.distance_km?.toFixed(1)} km from the summit · ${trimRate(s.sample_rate)} Hz ${s.data_type}`;
    if (!state.startEdited) {
        // Default: the newest stored stretch (a hit that plays at once), long enough to play a
        // few seconds; with nothing stored, the latest available.
        const end = s.cached?.latest_end ? Date.parse(s.cached.latest_end) : Date.parse(state.catalog.newest_available);
        if (!state.durationEdited) ui.duration.value = defaultDuration(s, [...ui.duration.options].map((o) => o.value), player.context?.sampleRate);
        setStartInput(end / 1000 - durationSeconds(ui.duration.value));
    }
    updateHint();
}

function setStartInput(seconds) {
    const floored = Math.floor(seconds / 60) * 60;
    ui.start.value = new Date(floored * 1000).toISOString().slice(0, 16);
}

// ---- the view ----

/** The view the form shows. */
function currentView() {
    const live = ui.modeLive.checked;
    const latest = live || ui.modeLatest.checked || !ui.start.value;
    return {
        volcano: ui.volcano.value,
        channels: picker.channels().map((s) => ({ volcano: s.volcano, id: s.id })),
        start: latest ? null : formatTime(Date.parse(`${ui.start.value}:00Z`) / 1000),
        duration: ui.duration.value, speed: Number(ui.speed.value), loudness: ui.loudness.value,
        skip: ui.skip.checked, freq: ui.freq.value, live,
    };
}

/** Shows a view in the form (a link, back/forward, the hook). */
function applyView(view) {
    picker.show(view.channels);
    state.startEdited = true;
    ui.modeLatest.checked = !view.start && !view.live;
    ui.modeFrom.checked = !!view.start && !view.live;
    ui.modeLive.checked = !!view.live;
    ui.start.disabled = !ui.modeFrom.checked;
    if (view.start) setStartInput(Date.parse(view.start) / 1000);
    ensureOption(ui.duration, view.duration, view.duration);
    ensureOption(ui.speed, String(view.speed), `${view.speed} samples / frame`);
    ui.loudness.value = view.loudness;
    ui.skip.checked = view.skip;
    ui.freq.value = view.freq;
    plots.setScale(view.freq);
    updateHint();
}

function ensureOption(select, value, text) {
    if (![...select.options].some((o) => o.value === value)) select.append(new Option(text, value));
    select.value = value;
}

/** The /data requests of a view, and each channel's speed (channels of other rates keep one time axis). */
function requestsOf(view) {
    const stations = view.channels.map((c) => picker.station(c.volcano, c.id)).filter(Boolean);
    const requests = stations.map((s) => {
        const r = { network: s.network, volcano: s.volcano, station: s.station, location: s.location ?? "", channel: s.channel };
        if (view.live) return { ...r, sampleRate: s.sample_rate }; // the rate, should the live hello not know it
        if (!view.start) return { ...r, duration: view.duration };
        const start = Date.parse(view.start) / 1000;
        return { ...r, start: formatTime(start), end: formatTime(start + durationSeconds(view.duration)) };
    });
    const rate0 = stations[0]?.sample_rate || 1;
    const speeds = stations.map((s) => (view.speed * (s.sample_rate || rate0)) / rate0);
    return { stations, requests, speeds };
}

function updateHint() {
    const s = picker.channels()[0];
    if (!s) {
        ui.hint.textContent = "";
        return;
    }
    const speed = Number(ui.speed.value);
    const seconds = durationSeconds(ui.duration.value);
    const audioRate = player.context?.sampleRate ?? 48000;
    const audio = (seconds * s.sample_rate) / speed / audioRate;
    const factor = (audioRate * speed) / s.sample_rate;
    const what = `${ui.duration.selectedOptions[0]?.text ?? ui.duration.value} of ${trimRate(s.sample_rate)} Hz data plays in ≈ ${formatDuration(audio)} (${Math.round(factor)}× real time at ${audioRate / 1000} kHz)`;
    ui.hint.textContent = ui.modeLive.checked ? `Live: the newest ${what}, faster than it arrives — so each cycle plays the newest minutes again (Loop), the new records appended.` : `${what}.`;
}

// ---- playing ----

async function play(view, { tapCapacity, history = "push" } = {}) {
    const { stations, requests, speeds } = requestsOf(view);
    if (requests.length === 0) throw new Error("Pick a channel and a start time.");
    Object.assign(state, { error: null, warning: null, stats: null, configured: [], plans: [], started: null, playing: true, note: null });
    state.view = view;
    state.loudness = view.loudness;
    state.skipMissing = view.skip && requests.length === 1;
    const url = `${location.pathname}?${viewQuery(view)}`;
    if (history === "push" && !sameView(parseView(location.search), view)) window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
    plots.setChannels(stations.map((s) => `${s.id} · ${picker.volcanoName(s.volcano)} · ${trimRate(s.sample_rate)} Hz`));
    plots.clear(view.live ? "Connecting to the live feed…" : "Requesting…");
    live.start(!!view.live, requests.length);
    renderButtons();
    renderStatus();
    try {
        state.started = await player.play(requests, {
            speeds, loudness: view.loudness, skipMissing: state.skipMissing, tapCapacity, live: !!view.live, durationSeconds: durationSeconds(view.duration),
        });
        updateHint();
        renderButtons();
        renderStatus();
        return state.started;
    } catch (error) {
        if (error.message !== "stopped") {
            state.error = error.message;
            state.playing = false;
        }
        renderButtons();
        renderStatus();
        throw error;
    }
}

/** A click on a picture: play from there (also after the end of the range was reached). */
function seek(seconds) {
    if (!player.session) return;
    player.seek(seconds);
    if (!state.playing) {
        state.playing = true;
        renderButtons();
        renderStatus();
    }
}

function stop() {
    player.stop();
    live.stop();
    player.resume();
    state.playing = false;
    renderButtons();
    renderStatus();
}

/** The WAV of the view that plays: one float32 channel per channel, at the audio rate. */
async function wav() {
    const rendered = await player.render();
    if (!rendered || rendered.error) throw new Error(`WAV: ${rendered?.error ?? "nothing is playing"}`);
    return encodeWAV(rendered.frames, player.context?.sampleRate ?? 48000);
}

ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (state.playing) stop();
    else play(currentView()).catch(() => {});
});
ui.duration.addEventListener("change", () => {
    state.durationEdited = true;
    if (!state.startEdited) channelChanged();
    updateHint();
});
ui.speed.addEventListener("change", () => {
    if (state.view) player.setSpeeds(requestsOf({ ...state.view, speed: Number(ui.speed.value) }).speeds);
    updateHint();
});
for (const input of [ui.loudness, ui.skip]) {
    input.addEventListener("change", () => state.playing && play(currentView(), { history: "replace" }).catch(() => {}));
}
ui.freq.addEventListener("change", () => {
    plots.setScale(ui.freq.value);
    if (state.view) window.history.replaceState(null, "", `${location.pathname}?${viewQuery({ ...state.view, freq: ui.freq.value })}`);
});
ui.start.addEventListener("input", () => (state.startEdited = true));
const modeChanged = () => {
    ui.start.disabled = !ui.modeFrom.checked;
    updateHint();
};
for (const radio of [ui.modeLatest, ui.modeFrom, ui.modeLive]) radio.addEventListener("change", modeChanged);
// Live: Loop turned on after a cycle ended plays the newest minutes again now.
ui.loop.addEventListener("change", () => ui.loop.checked && live.audioEnded && player.liveCycle(live.audioEnded));
ui.pause.addEventListener("click", () => (player.paused ? player.resume() : player.pause()));
ui.volume.addEventListener("input", () => {
    player.setVolume(Number(ui.volume.value) / 100);
    ui.volumeValue.textContent = `${ui.volume.value} %`;
});
ui.copy.addEventListener("click", async () => {
    const link = state.view ? new URL(`?${viewQuery(currentView())}`, location.href).href : location.href;
    try {
        await navigator.clipboard.writeText(link);
        state.note = "Link copied";
    } catch {
        state.note = `Link: ${link}`;
    }
    renderStatus();
});
ui.wav.addEventListener("click", async () => {
    ui.wav.disabled = true;
    try {
        const blob = new Blob([await wav()], { type: "audio/wav" });
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = `seiscache-${state.view.channels.map((c) => c.id).join("+")}-${state.configured[0]?.start ?? "latest"}.wav`;
        a.click();
        setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    } catch (error) {
        state.error = error.message;
    }
    renderButtons();
    renderStatus();
});
ui.clearCache.addEventListener("click", async () => {
    await player.clearCache();
    status.cacheUsage();
});
window.addEventListener("popstate", () => {
    const view = parseView(location.search);
    if (!view || !state.catalog) return;
    applyView(view);
    if (state.playing) play(view, { history: "none" }).catch(() => {});
});

// ---- events from the player ----

player.addEventListener("ready", (e) => {
    state.ready = e.detail;
    renderStatus();
    status.cacheUsage();
});
player.addEventListener("configured", (e) => {
    state.configured[e.detail.channel] = e.detail;
    if (!e.detail.live) plots.at(e.detail.channel)?.overview.configure(e.detail); // Live: live-ui.js draws
    if (!e.detail.live) plots.at(e.detail.channel)?.spectrogram.configure(e.detail);
    renderStatus();
});
player.addEventListener("plan", (e) => {
    state.plans[e.detail.channel] = e.detail;
    plots.at(e.detail.channel)?.overview.plan(e.detail);
    renderStatus();
});
player.addEventListener("overview", (e) => plots.at(e.detail.channel)?.overview.overview(e.detail));
player.addEventListener("spectrogram", (e) => plots.at(e.detail.channel)?.spectrogram.add(e.detail));
player.addEventListener("playhead", (e) => plots.setPlayhead(e.detail.seconds));
player.addEventListener("stats", (e) => {
    if (e.detail.channel === 0) state.stats = player.snapshot(0);
    status.soon();
});
player.addEventListener("chunk", (e) => {
    // Keep the plan's chunk states current (the marks above the waveform, the status line).
    const plan = state.plans[e.detail.channel];
    const chunk = plan?.chunks.find((c) => c.key === e.detail.key);
    if (chunk) {
        chunk.state = e.detail.state;
        chunk.origin = e.detail.origin;
        plots.at(e.detail.channel)?.overview.plan(plan);
    }
    status.soon();
});
player.addEventListener("warning", (e) => {
    state.warning = e.detail.message;
    renderStatus();
});
player.addEventListener("error", (e) => {
    state.error = e.detail.message;
    renderStatus();
});
player.addEventListener("paused", () => renderButtons() || renderStatus());
player.addEventListener("ended", (e) => {
    if (!state.playing) return;
    const c = state.configured[0];
    if (live.active) {
        // Live: the next cycle plays the newest minutes (Loop), else the pictures keep following.
        // (The Worker's "ended" names the cycle; the worklet's own does not.)
        if (e.detail.cycle === undefined) return;
        if (ui.loop.checked) player.liveCycle(e.detail.cycle);
        else live.audioEnded = e.detail.cycle;
        renderStatus();
        return;
    }
    if (ui.loop.checked && c) {
        player.seek(c.first / c.rate);
        return;
    }
    state.playing = false;
    renderButtons();
    renderStatus();
    status.cacheUsage();
});
player.addEventListener("underrun", () => status.soon());

// ---- rendering ----

function renderButtons() {
    ui.play.classList.toggle("playing", state.playing);
    ui.play.querySelector(".label").textContent = state.playing ? "Stop" : "Play";
    ui.pause.disabled = !state.playing;
    ui.pause.textContent = player.paused ? "Resume" : "Pause";
    ui.wav.disabled = !player.session;
}

// ---- the test hook (Docs/player.md) ----

window.seiscachePlayer = {
    /** Plays a request (one channel, or {channels: […]}), or with no argument the form's view;
     *  resolves when audio starts with {timeToFirstAudioMs, chunksFetched, chunksFromCache}. */
    async play(request) {
        while (!state.catalog) await new Promise((r) => setTimeout(r, 20));
        const view = request ? viewOfRequest(request, ui.freq.value) : currentView();
        if (request) applyView(view);
        const { timeToFirstAudioMs, chunksFetched, chunksFromCache } = await play(view, { tapCapacity: request?.tapCapacity });
        return { timeToFirstAudioMs, chunksFetched, chunksFromCache };
    },
    /** The first n processed samples of channel i sent to the AudioWorklet. */
    tap: (n, i = 0) => player.tap(n, i),
    /** Channel i's spectrogram ({fs, nperseg, noverlap, window, frequencies, times, power}). */
    spectrogram: (i = 0) => player.spectrogram(i),
    /** The WAV (ArrayBuffer) of the current view. */
    wav,
    stop: () => stop(),
    pause: () => player.pause(),
    resume: () => player.resume(),
    /** Live mode: channel i's live facts as the page last heard them ({channel, name, newestSampleTime,
     *  receivedAt, shownAt, shownUntil, state, …}; Docs/player.md), or null. */
    live: (i = 0) => live.snapshot(i),
    /** The current playback's figures for channel i (synchronous; the Worker reports every change). */
    stats: (i = 0) => player.snapshot(i),
    player,
};

loadStations().catch((error) => {
    state.error = `could not load the stations: ${error.message}`;
    renderStatus();
});
renderStatus();

// The first touch of the page (picking a volcano, a key press) is a user gesture: create the
// AudioContext and load the worklet then, so pressing Play does not wait for them (30–180 ms).
for (const type of ["pointerdown", "keydown"]) {
    document.addEventListener(type, () => player.audio().catch(() => {}), { once: true, capture: true });
}
