// What a first visitor gets without choosing anything, from /api/stations: the channel with
// the freshest cached data, a duration that plays for a few seconds and is all stored, and
// the words for where the data comes from. No DOM: Node's tests check the choices.

import { durationSeconds } from "./planner.js";

/** Seconds of audio the default duration should play at least (where that much is stored). */
export const DEFAULT_AUDIO_SECONDS = 5;

/** The station (channel) whose stored data ends last (more chunks break ties), or null when nothing is cached. */
export function freshestStation(catalog) {
    const cached = catalog.stations.filter((s) => s.cached?.latest_end);
    cached.sort((a, b) => Date.parse(b.cached.latest_end) - Date.parse(a.cached.latest_end) || b.cached.chunks - a.cached.chunks);
    return cached[0] ?? null;
}

/**
 * The default duration (one of `options`, e.g. "10m" … "7d"): the shortest that plays at least
 * DEFAULT_AUDIO_SECONDS at speed 1, but no longer than the newest stretch stored without a hole
 * (so it plays as a hit); the shortest option when less than that is stored.
 */
export function defaultDuration(station, options, audioRate = 48000) {
    const rate = station?.sample_rate ?? 100;
    const seconds = options.map((o) => ({ o, s: durationSeconds(o) })).sort((a, b) => a.s - b.s);
    const audible = seconds.find(({ s }) => (s * rate) / audioRate >= DEFAULT_AUDIO_SECONDS) ?? seconds.at(-1);
    const c = station?.cached;
    if (!c?.latest_end || !c.newest_run_start) return audible.o;
    const stored = (Date.parse(c.latest_end) - Date.parse(c.newest_run_start)) / 1000;
    const fitting = seconds.filter(({ s }) => s <= stored);
    if (fitting.length === 0) return seconds[0].o;
    return fitting.at(-1).s < audible.s ? fitting.at(-1).o : audible.o;
}

/** The words for the data source of /api/stations' `source` ({kind: "sds" | "fdsn", name}). */
export function sourceWords(source) {
    if (source?.kind === "sds") return { label: "a local SDS archive", short: "the SDS archive" };
    if (source?.kind === "fdsn") return { label: `FDSN (${source.name ?? "EarthScope"})`, short: "FDSN" };
    return { label: "the configured source", short: "the source" };
}

/** The region's display name. */
export function regionName(region) {
    return { hawaii: "Hawaiʻi", alaska: "Alaska" }[region] ?? region ?? "Other";
}

/** 100 → "100", 40.96 → "40.96". */
export function trimRate(rate) {
    return Number(rate).toFixed(2).replace(/0+$/, "").replace(/\.$/, "");
}
