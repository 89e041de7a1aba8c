// A view of the player — what the form shows — and its link: the query string of the page's
// URL. Opening a link restores the form; Play plays the same range; back/forward move between
// the views played (app.js pushes one history entry per Play).
//
//   ?v=kilauea&ch=kilauea:HV.UWE..HHZ,kilauea:HV.NPT..HHZ&mode=from&start=2025-11-04T22:00:00Z
//    &dur=1h&speed=1&loud=centered&skip=0&freq=log
//
// `mode` is `from` (a start), `latest` (the newest stored data) or `live` (Live mode: follow the
// live feed, the newest N minutes; no start).
//
// No DOM: Node's tests check the round trip.

export const MAX_CHANNELS = 4;
export const DEFAULTS = { duration: "1h", speed: 1, loudness: "centered", skip: false, freq: "log" };

/**
 * @typedef {object} View
 * @property {string} volcano      the volcano picker's key
 * @property {{volcano: string, id: string}[]} channels  1…4 channels (`NET.STA.LOC.CHA`)
 * @property {string|null} start   ISO 8601 UTC, or null: the latest data (or Live)
 * @property {boolean} live        Live mode: the newest `duration` of the live feed
 * @property {string} duration     `10m` … `7d`
 * @property {number} speed        seismic samples per audio frame
 * @property {"seed"|"centered"} loudness
 * @property {boolean} skip        skip missing spans
 * @property {"log"|"linear"} freq the spectrogram's frequency axis
 */

/** The query string of a view (without "?"). */
export function viewQuery(view) {
    const q = new URLSearchParams();
    q.set("v", view.volcano ?? view.channels[0]?.volcano ?? "");
    q.set("ch", view.channels.map((c) => `${c.volcano}:${c.id}`).join(","));
    q.set("mode", view.live ? "live" : view.start ? "from" : "latest");
    if (view.start && !view.live) q.set("start", view.start);
    q.set("dur", view.duration);
    q.set("speed", String(view.speed));
    q.set("loud", view.loudness);
    q.set("skip", view.skip ? "1" : "0");
    q.set("freq", view.freq);
    return q.toString().replaceAll("%3A", ":").replaceAll("%2C", ",");
}

/** The view a query string describes, or null when it names no channel. Unknown values fall back to the defaults. */
export function parseView(search) {
    const q = new URLSearchParams(search);
    const channels = (q.get("ch") ?? "")
        .split(",")
        .map((part) => {
            const at = part.indexOf(":");
            return at > 0 ? { volcano: part.slice(0, at), id: part.slice(at + 1) } : null;
        })
        .filter((c) => c && /^[A-Z0-9]{1,2}\.[A-Z0-9]{1,5}\.[A-Z0-9-]{0,2}\.[A-Z0-9]{3}$/i.test(c.id))
        .slice(0, MAX_CHANNELS);
    if (channels.length === 0) return null;
    const live = q.get("mode") === "live";
    const start = q.get("mode") === "latest" || live ? null : q.get("start");
    const speed = Number(q.get("speed"));
    return {
        volcano: q.get("v") || channels[0].volcano,
        channels,
        start: start && !Number.isNaN(Date.parse(start)) ? new Date(Date.parse(start)).toISOString().replace(".000Z", "Z") : null,
        duration: /^\d+[mhd]$/.test(q.get("dur") ?? "") ? q.get("dur") : DEFAULTS.duration,
        speed: speed > 0 && speed <= 64 ? speed : DEFAULTS.speed,
        loudness: q.get("loud") === "seed" ? "seed" : q.get("loud") === "centered" ? "centered" : DEFAULTS.loudness,
        skip: q.get("skip") === "1",
        freq: q.get("freq") === "linear" ? "linear" : DEFAULTS.freq,
        live,
    };
}

/** Whether two views show the same thing. */
export function sameView(a, b) {
    return !!a && !!b && viewQuery(a) === viewQuery(b);
}

/**
 * The view of a test-hook request: one channel ({network, volcano, station, location, channel})
 * or several ({channels: […]}), start/end or duration, speed, loudness (the contract's "seed"
 * unless given), skipMissing, live (Live mode: the newest `duration` of the live feed).
 */
export function viewOfRequest(r, freq = DEFAULTS.freq) {
    const id = (c) => `${c.network}.${c.station}.${c.location ?? ""}.${c.channel}`;
    const channels = (r.channels ?? [r]).map((c) => ({ volcano: c.volcano, id: id(c) }));
    const seconds = r.start && r.end ? (Date.parse(r.end) - Date.parse(r.start)) / 1000 : null;
    const duration = seconds === null ? (r.duration ?? DEFAULTS.duration)
        : seconds % 86400 === 0 ? `${seconds / 86400}d` : seconds % 3600 === 0 ? `${seconds / 3600}h` : `${Math.round(seconds / 60)}m`;
    return {
        volcano: channels[0].volcano, channels,
        start: r.start && !r.live ? new Date(Date.parse(r.start)).toISOString().replace(".000Z", "Z") : null, duration,
        speed: r.speed ?? 1, loudness: r.loudness ?? "seed", skip: !!r.skipMissing, freq, live: !!r.live,
    };
}
