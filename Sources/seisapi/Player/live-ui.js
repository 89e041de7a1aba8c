// Live mode on the page: draws the Worker's "live-view" pictures (the newest N minutes, newest
// at the right edge), keeps each channel's live facts ("live" events), says in the status line
// how old the newest sample is (every second) or that the socket is reconnecting, and answers
// the test hook's `live(i)`.

import { formatAgo } from "./status.js";

export class LiveUI {
    /** @param {object} o  player, plots, state (app.js's: `plans` is set from the live view), onChange */
    constructor({ player, plots, state, onChange }) {
        Object.assign(this, { player, plots, state, onChange });
        this.active = false;
        this.facts = [];
        this.views = [];
        this.audioEnded = false;   // the number of the cycle whose audio ended (Loop off), or false
        this.ticker = null;
        player.addEventListener("live", (e) => {
            if (!this.active) return;
            this.facts[e.detail.channel] = { ...e.detail.live, shownAt: Date.now() };
            this.onChange();
        });
        player.addEventListener("live-view", (e) => this.#view(e.detail));
        player.addEventListener("run", () => (this.audioEnded = false));
        // No channel can follow the feed (a 404, a 400): the play failed; its error says why.
        player.addEventListener("error", () => this.active && this.facts.every((f) => f?.state === "failed") && this.stop());
    }

    /** A play starts: Live (`live` true, `channels` sockets) or not. */
    start(live, channels) {
        this.stop();
        this.active = live;
        this.facts = new Array(channels).fill(null);
        this.views = new Array(channels).fill(null);
        this.audioEnded = false;
        // "newest sample 4 s ago" grows by itself: the status line is rewritten every second.
        if (live) this.ticker = setInterval(() => this.onChange(), 1000);
    }

    stop() {
        this.active = false;
        clearInterval(this.ticker);
        this.ticker = null;
    }

    /** The hook's `live(i)`: channel i's facts as the page last heard them, and what it draws. */
    snapshot(i = 0) {
        const f = this.facts[i];
        const v = this.views[i];
        if (!this.active || !f) return null;
        return {
            ...f,
            newestAgeSeconds: f.newestEnd !== null ? Date.now() / 1000 - f.newestEnd : null,
            shownFrom: v ? v.info.first / v.info.rate : null,
            shownUntil: v ? (v.info.first + v.info.total) / v.info.rate : null,
            shownAt: f.shownAt, drawnAt: v?.at ?? null, audioEnded: this.audioEnded !== false,
        };
    }

    /** The status line's Live words, one part per channel. */
    statusParts() {
        if (!this.active) return [];
        const several = this.facts.length > 1;
        return this.facts.map((f, i) => {
            const name = several ? `${f?.name ?? `channel ${i + 1}`}: ` : "";
            if (!f) return `Live: ${name}connecting…`;
            if (f.state === "failed") return `Live: ${name}${f.reason}`;
            if (f.state === "retrying") return `Live: ${name}reconnecting in ${Math.ceil(f.retryInMs / 1000)} s (${f.reason})`;
            if (f.newestEnd === null) return `Live: ${name}${f.state === "open" ? "connected, waiting for records" : "connecting…"}`;
            const newest = new Date(f.newestSampleTime * 1000).toISOString().slice(11, 19);
            const reconnecting = f.state === "connecting" ? " · reconnecting" : "";
            return `Live: ${name}newest sample ${formatAgo(Date.now() / 1000 - f.newestEnd)} ago (${newest} UTC)${reconnecting}`;
        }).concat(this.audioEnded ? ["audio ended (Loop plays the newest minutes again)"] : []);
    }

    #view(m) {
        if (!this.active) return;
        const item = this.plots.at(m.channel);
        this.views[m.channel] = { info: m.info, at: Date.now() };
        this.state.plans[m.channel] = m.plan;
        if (!item) return;
        item.overview.configure(m.info);
        item.overview.plan(m.plan);
        if (m.overview) item.overview.overview(m.overview);
        item.spectrogram.configure(m.info);
        if (m.spectrogram) item.spectrogram.add(m.spectrogram);
        this.onChange();
    }
}
