// The page: pickers from /api/stations, the request form, the overview, the status line,
// and the test hook window.seiscachePlayer (Docs/player.md).

import { Player } from "./player.js";
import { Overview } from "./overview.js";
import { durationSeconds, formatTime } from "./planner.js";

const $ = (id) => document.getElementById(id);
const ui = {
    form: $("controls"), volcano: $("volcano"), channel: $("channel"), start: $("start"),
    modeLatest: $("mode-latest"), modeFrom: $("mode-from"), duration: $("duration"), speed: $("speed"),
    play: $("play"), hint: $("hint"), status: $("status"), facts: $("facts"), stationFacts: $("station-facts"),
    cacheUsage: $("cache-usage"), clearCache: $("clear-cache"),
};

const overview = new Overview($("overview"), { onSeek: (t) => seek(t), tooltip: $("tooltip") });
const player = new Player({ overviewWidth: () => overview.columns });

const state = {
    catalog: null, ready: null, playing: false, session: null, stats: null, configured: null,
    plan: null, error: null, warning: null, started: null, startEdited: false, durationEdited: false,
};

// ---- stations ----

async function loadStations() {
    const response = await fetch("/api/stations");
    if (!response.ok) throw new Error(`/api/stations: HTTP ${response.status}`);
    const catalog = await response.json();
    state.catalog = catalog;
    ui.volcano.replaceChildren();
    const volcanoes = [...catalog.volcanoes].sort((a, b) => (a.region + a.name).localeCompare(b.region + b.name));
    let group = null;
    for (const v of volcanoes) {
        if (!group || group.label !== regionName(v.region)) {
            group = document.createElement("optgroup");
            group.label = regionName(v.region);
            ui.volcano.append(group);
        }
        const count = catalog.stations.filter((s) => s.volcano === v.key).length;
        group.append(new Option(`${v.name} (${count})`, v.key));
    }
    // Start with the volcano that has the most cached data.
    const cachedDays = (key) => catalog.stations.filter((s) => s.volcano === key).reduce((n, s) => n + (s.cached?.chunks ?? 0), 0);
    const best = [...volcanoes].sort((a, b) => cachedDays(b.key) - cachedDays(a.key))[0];
    if (best) ui.volcano.value = best.key;
    fillChannels();
}

function regionName(region) {
    return { hawaii: "Hawaiʻi", alaska: "Alaska" }[region] ?? region ?? "Other";
}

function fillChannels() {
    const stations = state.catalog.stations
        .filter((s) => s.volcano === ui.volcano.value)
        .sort((a, b) => (b.cached ? 1 : 0) - (a.cached ? 1 : 0) || a.distance_km - b.distance_km);
    ui.channel.replaceChildren();
    for (const s of stations) {
        const cached = s.cached ? ` · cached ${s.cached.chunks} chunk${s.cached.chunks === 1 ? "" : "s"}` : "";
        const type = s.data_type === "infrasound" ? " · infrasound" : "";
        const label = `${s.id} · ${s.distance_km.toFixed(1)} km · ${trimRate(s.sample_rate)} Hz${type}${cached}`;
        ui.channel.append(new Option(label, s.id));
    }
    channelChanged();
}

function selectedStation() {
    return state.catalog?.stations.find((s) => s.id === ui.channel.value) ?? null;
}

function selectedVolcano() {
    return state.catalog?.volcanoes.find((v) => v.key === ui.volcano.value) ?? null;
}

function channelChanged() {
    const s = selectedStation();
    const v = selectedVolcano();
    ui.play.disabled = !s;
    if (!s) {
        ui.stationFacts.textContent = "";
        return;
    }
    ui.stationFacts.textContent = `${v?.name ?? s.volcano} · ${s.network}.${s.station}.${s.location || "--"}.${s.channel} · ${s.distance_km.toFixed(1)} km from the summit · ${trimRate(s.sample_rate)} Hz ${s.data_type}`;
    if (!state.startEdited) {
        // Default: the newest stored stretch (a hit that plays at once), as long as the
        // duration the person chose, or shorter when less is stored; else the latest available.
        const end = s.cached?.latest_end ? Date.parse(s.cached.latest_end) : Date.parse(state.catalog.newest_available);
        if (!state.durationEdited && s.cached?.newest_run_start) {
            const stored = (end - Date.parse(s.cached.newest_run_start)) / 1000;
            const fitting = [...ui.duration.options].filter((o) => durationSeconds(o.value) <= Math.min(stored, 3600));
            ui.duration.value = (fitting.at(-1) ?? ui.duration.options[0]).value;
        }
        setStartInput(end / 1000 - durationSeconds(ui.duration.value));
    }
    updateHint();
}

function setStartInput(seconds) {
    const floored = Math.floor(seconds / 60) * 60;
    ui.start.value = new Date(floored * 1000).toISOString().slice(0, 16);
}

function trimRate(rate) {
    return Number(rate).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}

// ---- the request ----

function currentRequest() {
    const s = selectedStation();
    if (!s) return null;
    const request = {
        network: s.network, volcano: s.volcano, station: s.station, location: s.location ?? "", channel: s.channel,
    };
    if (ui.modeLatest.checked) {
        request.duration = ui.duration.value;
    } else {
        if (!ui.start.value) return null;
        const start = Date.parse(`${ui.start.value}:00Z`) / 1000;
        request.start = formatTime(start);
        request.end = formatTime(start + durationSeconds(ui.duration.value));
    }
    return request;
}

function updateHint() {
    const s = selectedStation();
    if (!s) {
        ui.hint.textContent = "";
        return;
    }
    const speed = Number(ui.speed.value);
    const seconds = durationSeconds(ui.duration.value);
    const audioRate = player.context?.sampleRate ?? 48000;
    const audio = (seconds * s.sample_rate) / speed / audioRate;
    const factor = (audioRate * speed) / s.sample_rate;
    ui.hint.textContent = `${ui.duration.selectedOptions[0].text} of ${trimRate(s.sample_rate)} Hz data plays in ≈ ${formatDuration(audio)} (${Math.round(factor)}× real time at ${audioRate / 1000} kHz).`;
}

function formatDuration(seconds) {
    if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

// ---- playing ----

async function play(request, options = {}) {
    state.error = null;
    state.warning = null;
    state.stats = null;
    state.configured = null;
    state.plan = null;
    state.started = null;
    state.playing = true;
    overview.clear();
    overview.placeholder = "Requesting…";
    renderButton();
    renderStatus();
    try {
        const result = await player.play(request, { speed: Number(options.speed ?? ui.speed.value), tapCapacity: options.tapCapacity });
        state.started = result;
        updateHint();
        renderStatus();
        return result;
    } catch (error) {
        if (error.message !== "stopped") {
            state.error = error.message;
            state.playing = false;
        }
        renderButton();
        renderStatus();
        throw error;
    }
}

/** A click on the overview: play from there (also after the end of the range was reached). */
function seek(seconds) {
    if (!player.session) return;
    player.seek(seconds);
    if (!state.playing) {
        state.playing = true;
        renderButton();
        renderStatus();
    }
}

function stop() {
    player.stop();
    state.playing = false;
    renderButton();
    renderStatus();
}

ui.form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (state.playing) {
        stop();
        return;
    }
    const request = currentRequest();
    if (!request) {
        state.error = "Pick a channel and a start time.";
        renderStatus();
        return;
    }
    play(request).catch(() => {});
});

ui.volcano.addEventListener("change", fillChannels);
ui.channel.addEventListener("change", channelChanged);
ui.duration.addEventListener("change", () => {
    state.durationEdited = true;
    if (!state.startEdited) channelChanged();
    updateHint();
});
ui.speed.addEventListener("change", () => {
    player.setSpeed(Number(ui.speed.value));
    updateHint();
});
ui.start.addEventListener("input", () => (state.startEdited = true));
for (const radio of [ui.modeLatest, ui.modeFrom]) {
    radio.addEventListener("change", () => (ui.start.disabled = ui.modeLatest.checked));
}
ui.clearCache.addEventListener("click", async () => {
    await player.clearCache();
    renderCacheUsage();
});

// ---- events from the player ----

player.addEventListener("ready", (e) => {
    state.ready = e.detail;
    renderStatus();
    renderCacheUsage();
});
player.addEventListener("configured", (e) => {
    state.configured = e.detail;
    overview.configure(e.detail);
    renderStatus();
});
player.addEventListener("plan", (e) => {
    state.plan = e.detail;
    overview.plan(e.detail);
    renderStatus();
});
player.addEventListener("overview", (e) => overview.overview(e.detail));
player.addEventListener("playhead", (e) => overview.setPlayhead(e.detail.seconds));
player.addEventListener("stats", (e) => {
    state.stats = e.detail.stats;
    renderStatusSoon();
});
player.addEventListener("chunk", (e) => {
    // Keep the plan's chunk states current (the marks above the waveform, the status line).
    const chunk = state.plan?.chunks.find((c) => c.key === e.detail.key);
    if (chunk) {
        chunk.state = e.detail.state;
        chunk.origin = e.detail.origin;
        overview.plan(state.plan);
    }
    renderStatusSoon();
});
player.addEventListener("status", () => renderStatus());
player.addEventListener("warning", (e) => {
    state.warning = e.detail.message;
    renderStatus();
});
player.addEventListener("error", (e) => {
    state.error = e.detail.message;
    renderStatus();
});
player.addEventListener("ended", () => {
    if (!state.playing) return;
    state.playing = false;
    renderButton();
    renderStatus();
    renderCacheUsage();
});
player.addEventListener("underrun", () => renderStatusSoon());

// ---- rendering ----

function renderButton() {
    ui.play.classList.toggle("playing", state.playing);
    ui.play.querySelector(".label").textContent = state.playing ? "Stop" : "Play";
}

let statusTimer = null;
function renderStatusSoon() {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
        statusTimer = null;
        renderStatus();
    }, 100);
}

function renderStatus() {
    const parts = [];
    const st = state.stats;
    const plan = state.plan;
    if (!state.catalog) parts.push(state.error ? "" : "Loading stations…");
    else if (!state.playing && !state.started && !st && !state.error) {
        parts.push(`Ready · libzstd ${state.ready?.zstd ?? "…"} (WebAssembly) · IndexedDB ${state.ready ? (state.ready.indexedDB ? "on" : "unavailable") : "…"}`);
    }
    if (st) {
        const source = st.source;
        if (source === "hit") parts.push("Cache hit");
        else if (source === "indexeddb") parts.push("From this browser (IndexedDB)");
        else if (source === "miss") {
            const g = st.generation;
            const planned = g.planned ?? "?";
            parts.push(st.final ? `Generated ${g.generated}/${planned} chunks` : `Generating from FDSN: ${g.generated}/${planned} chunks stored`);
            if (g.skipped) parts.push(`${g.skipped} skipped`);
        }
        if (plan) {
            const used = plan.chunks.filter((c) => c.used);
            const ready = used.filter((c) => c.state === "ready" || c.state === "evicted").length;
            parts.push(`${ready}/${used.length}${plan.final ? "" : "+"} chunks loaded (${st.chunksFetched} fetched, ${st.chunksFromCache} from IndexedDB)`);
            if (plan.missing.length) {
                const missingSamples = plan.missing.reduce((n, [a, b]) => n + b - a, 0);
                parts.push(`${formatDuration(missingSamples / st.rate)} missing`);
            }
        }
        const ttfa = state.started?.timeToFirstAudioMs;
        if (ttfa !== undefined && ttfa !== null) parts.push(`first audio ${ttfa} ms`);
        else if (state.playing) parts.push("buffering…");
    }
    const underruns = player.session?.underruns;
    if (underruns) parts.push(`${underruns} underrun${underruns === 1 ? "" : "s"}`);
    if (!state.playing && state.started) parts.push("stopped");
    if (state.warning) parts.push(`⚠ ${state.warning}`);
    if (state.error) parts.push(`Error: ${state.error}`);
    ui.status.textContent = parts.filter(Boolean).join(" · ");
    ui.status.classList.toggle("error", !!state.error);
    ui.status.classList.toggle("busy", state.playing && !state.started);
    renderFacts();
}

function renderFacts() {
    const st = state.stats;
    const c = state.configured;
    const rows = [];
    if (c) {
        rows.push(["Range", `${c.start} → ${c.end}`]);
        rows.push(["Samples", `${c.total.toLocaleString("en")} at ${trimRate(c.rate)} Hz`]);
        if (c.normalization) rows.push(["Normalization", `÷ ${Math.max(Math.abs(c.normalization.global_min), Math.abs(c.normalization.global_max)).toLocaleString("en")} (min ${c.normalization.global_min}, max ${c.normalization.global_max})`]);
    }
    if (st) {
        rows.push(["Chunks", `${st.chunksNeeded} needed · ${st.chunksFetched} fetched (${(st.bytesFetched / 1e6).toFixed(2)} MB) · ${st.chunksFromCache} from IndexedDB · ${st.chunksStored} stored`]);
        if (st.decodeMBps) rows.push(["zstd (WASM)", `${st.decodeMs} ms, ${st.decodeMBps} MB/s`]);
        if (st.filterMsps) rows.push(["Filter", `${st.filterMs} ms, ${st.filterMsps} M samples/s`]);
        const t = st.timings;
        const timeline = ["responseMs", "metadataMs", "firstChunkLineMs", "firstChunkMs", "firstBlockMs", "firstAudioMs", "manifestMs", "analyzedMs"]
            .filter((k) => t[k] !== undefined)
            .map((k) => `${k.replace(/Ms$/, "")} ${t[k]}`);
        if (timeline.length) rows.push(["Timeline (ms)", timeline.join(" · ")]);
    }
    ui.facts.replaceChildren(
        ...rows.flatMap(([k, v]) => {
            const dt = document.createElement("dt");
            dt.textContent = k;
            const dd = document.createElement("dd");
            dd.textContent = v;
            return [dt, dd];
        }),
    );
}

async function renderCacheUsage() {
    const usage = await player.cacheUsage();
    ui.cacheUsage.textContent = usage ? `This browser keeps ${usage.chunks} chunks (${(usage.bytes / 1e6).toFixed(1)} MB uncompressed).` : "IndexedDB is not available here.";
}

/** Shows a request made through the hook in the form (when the form can express it). */
function showRequest(request, speed) {
    if ([...ui.speed.options].some((o) => Number(o.value) === Number(speed))) ui.speed.value = String(Number(speed));
    if (!state.catalog) return;
    const id = `${request.network}.${request.station}.${request.location ?? ""}.${request.channel}`;
    const station = state.catalog.stations.find((s) => s.id === id && s.volcano === request.volcano);
    if (!station) return;
    if (ui.volcano.value !== station.volcano) {
        ui.volcano.value = station.volcano;
        fillChannels();
    }
    ui.channel.value = id;
    state.startEdited = true;
    if (request.start) {
        ui.modeFrom.checked = true;
        ui.start.disabled = false;
        setStartInput(Date.parse(request.start) / 1000);
        const seconds = request.end ? (Date.parse(request.end) - Date.parse(request.start)) / 1000 : durationSeconds(request.duration);
        const option = [...ui.duration.options].find((o) => durationSeconds(o.value) === seconds);
        if (option) ui.duration.value = option.value;
    } else {
        ui.modeLatest.checked = true;
        ui.start.disabled = true;
        if ([...ui.duration.options].some((o) => o.value === request.duration)) ui.duration.value = request.duration;
    }
    channelChanged();
}

// ---- the test hook (Docs/player.md) ----

window.seiscachePlayer = {
    /** Plays a request; resolves when audio starts with {timeToFirstAudioMs, chunksFetched, chunksFromCache}. */
    async play({ network, volcano, station, location = "", channel, start, end, duration, speed = 1, tapCapacity }) {
        const request = { network, volcano, station, location, channel };
        if (start) request.start = start;
        if (end) request.end = end;
        else if (duration) request.duration = duration;
        showRequest(request, speed);
        const { timeToFirstAudioMs, chunksFetched, chunksFromCache } = await play(request, { speed, tapCapacity });
        return { timeToFirstAudioMs, chunksFetched, chunksFromCache };
    },
    /** The first n processed samples sent to the AudioWorklet. */
    tap: (n) => player.tap(n),
    stop: () => stop(),
    /** The current playback's figures (synchronous; the Worker reports every change). */
    stats: () => player.snapshot(),
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
