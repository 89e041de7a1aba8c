// The status line and the Details facts, from the page's state (app.js) and the Worker's
// stats: where the data comes from (hit, this browser, generation from the actual source),
// chunks, missing spans with their reasons, first audio, underruns, warnings and errors.

import { trimRate } from "./defaults.js";

export function formatDuration(seconds) {
    if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
    const m = Math.floor(seconds / 60);
    const s = Math.round(seconds % 60);
    return m < 60 ? `${m} min ${s} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** How long ago, in one unit: "4 s", "3 min", "5 h", "412 d" (Live mode's newest sample). */
export function formatAgo(seconds) {
    const s = Math.max(0, seconds);
    if (s < 120) return `${Math.floor(s)} s`;
    if (s < 7200) return `${Math.floor(s / 60)} min`;
    if (s < 172800) return `${Math.floor(s / 3600)} h`;
    return `${Math.floor(s / 86400)} d`;
}

/** The missing spans of a plan, summed per reason: "20 min no data at the source; 10 min below 95 %". */
export function missingSummary(reasons, rate) {
    const by = new Map();
    for (const r of reasons ?? []) by.set(r.reason, (by.get(r.reason) ?? 0) + (r.to - r.from));
    return [...by].map(([reason, n]) => `${formatDuration(n / rate)} ${reason}`).join("; ");
}

export function statusParts(state, player, source) {
    const parts = [];
    const st = state.stats;
    const plan = state.plans?.[0];
    if (!state.catalog) parts.push(state.error ? "" : "Loading stations…");
    else if (!state.playing && !state.started && !st && !state.error) {
        parts.push(`Ready · libzstd ${state.ready?.zstd ?? "…"} (WebAssembly) · IndexedDB ${state.ready ? (state.ready.indexedDB ? "on" : "unavailable") : "…"}`);
    }
    if (st) {
        const channels = st.channels?.length > 1 ? ` · ${st.channels.length} channels` : "";
        if (st.source === "hit") parts.push(`Cache hit${channels}`);
        else if (st.source === "indexeddb") parts.push(`From this browser (IndexedDB)${channels}`);
        else if (st.source === "miss") {
            const g = st.generation;
            const planned = g.planned ?? "?";
            parts.push(st.final ? `Generated ${g.generated}/${planned} chunks from ${source.short}` : `Generating from ${source.short}: ${g.generated}/${planned} chunks stored`);
            if (g.skipped) parts.push(`${g.skipped} skipped`);
        }
        if (plan) {
            const used = plan.chunks.filter((c) => c.used && c.kind !== "live"); // Live: the tail's runs are not chunks
            const ready = used.filter((c) => c.state === "ready" || c.state === "evicted").length;
            if (used.length || st.source !== "live") parts.push(`${ready}/${used.length}${plan.final ? "" : "+"} chunks loaded (${st.chunksFetched} fetched, ${st.chunksFromCache} from IndexedDB)`);
            const missing = missingSummary(plan.reasons, st.rate);
            if (missing) parts.push(`missing: ${missing}${state.skipMissing ? " (skipped)" : " (silence)"}`);
        }
        const ttfa = state.started?.timeToFirstAudioMs;
        if (ttfa !== undefined && ttfa !== null) parts.push(`first audio ${ttfa} ms`);
        else if (state.playing) parts.push("buffering…");
    }
    const underruns = player.session?.underruns;
    if (underruns) parts.push(`${underruns} underrun${underruns === 1 ? "" : "s"}`);
    if (player.paused && state.playing) parts.push("paused");
    if (!state.playing && state.started) parts.push("stopped");
    if (state.warning) parts.push(`⚠ ${state.warning}`);
    if (state.error) parts.push(`Error: ${state.error}`);
    return parts.filter(Boolean);
}

export function factRows(state) {
    const st = state.stats;
    const c = state.configured?.[0];
    const rows = [];
    if (c) {
        rows.push(["Range", `${c.start} → ${c.end}`]);
        rows.push(["Samples", `${c.total.toLocaleString("en")} at ${trimRate(c.rate)} Hz`]);
        if (c.normalization) rows.push(["Normalization", `${state.loudness} · min ${c.normalization.global_min}, max ${c.normalization.global_max}`]);
    }
    if (st) {
        rows.push(["Chunks", `${st.chunksNeeded} needed · ${st.chunksFetched} fetched (${(st.bytesFetched / 1e6).toFixed(2)} MB) · ${st.chunksFromCache} from IndexedDB · ${st.chunksStored} stored`]);
        if (st.decodeMBps) rows.push(["zstd (WASM)", `${st.decodeMs} ms, ${st.decodeMBps} MB/s`]);
        if (st.filterMsps) rows.push(["Filter", `${st.filterMs} ms, ${st.filterMsps} M samples/s`]);
        if (st.spectrogramColumns !== null && st.spectrogramColumns !== undefined) rows.push(["Spectrogram", `${st.spectrogramColumns} columns`]);
        const t = st.timings;
        const timeline = ["responseMs", "metadataMs", "firstChunkLineMs", "firstChunkMs", "firstBlockMs", "firstAudioMs", "manifestMs", "analyzedMs"]
            .filter((k) => t[k] !== undefined)
            .map((k) => `${k.replace(/Ms$/, "")} ${t[k]}`);
        if (timeline.length) rows.push(["Timeline (ms)", timeline.join(" · ")]);
    }
    return rows;
}
