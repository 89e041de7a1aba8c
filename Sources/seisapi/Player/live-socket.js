// One `GET /live` WebSocket (Docs/api.md, "GET /live") of one channel, kept open: the first (text)
// message is the hello, every binary one a record; when the socket closes it connects again
// after a capped backoff (0.5 s, 1 s, 2 s … 30 s; back to 0.5 s once a record arrived), and
// says so. A socket refused before it opened is asked about over plain HTTP once, for the
// server's reason: 404 (an unknown channel, or live listening not configured) and 400 (a bad
// parameter) stop trying, a 503 waits its Retry-After (capped like the backoff), a 426 (the
// channel is fine: the socket itself failed) backs off as any close.
//
// No DOM: the WebSocket class, fetch and the timers are passed in (Node's tests use fakes).

import { parseLiveHello, parseLiveFrame } from "./live-tail.js";

export const BACKOFF_FIRST_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/** The /live URL of a channel request ({network, volcano, station, location, channel}) from a page's origin. */
export function liveURL(base, request) {
    const url = new URL("/live", base);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    for (const name of ["network", "volcano", "station", "location", "channel"]) url.searchParams.set(name, request[name] ?? "");
    return url.href;
}

export class LiveSocket {
    /**
     * @param {object} o
     * @param {string} o.url  the ws(s):// URL
     * @param {Function} [o.WebSocket]  the WebSocket class
     * @param {Function} [o.fetch]      for the reason of a refused socket
     * @param {(hello: object) => void} o.onHello
     * @param {(record: {startNs: bigint, samples: Int32Array}) => void} o.onRecord
     * @param {(status: object) => void} o.onStatus  {state: "connecting"|"open"|"retrying"|"failed", attempt,
     *        retryInMs?, reason?}
     */
    constructor(o) {
        this.url = o.url;
        this.WebSocket = o.WebSocket ?? globalThis.WebSocket;
        this.fetch = o.fetch ?? ((...args) => fetch(...args));
        this.setTimeout = o.setTimeout ?? ((f, ms) => setTimeout(f, ms));
        this.clearTimeout = o.clearTimeout ?? ((t) => clearTimeout(t));
        Object.assign(this, { onHello: o.onHello, onRecord: o.onRecord, onStatus: o.onStatus ?? (() => {}) });
        this.socket = null;
        this.timer = null;
        this.closed = false;
        this.attempt = 0;         // failed connections since the last record
        this.connections = 0;     // sockets opened
        this.badFrames = 0;
    }

    open() {
        this.closed = false;
        this.#connect();
    }

    close() {
        this.closed = true;
        if (this.timer !== null) this.clearTimeout(this.timer);
        this.timer = null;
        const s = this.socket;
        this.socket = null;
        if (s) {
            s.onopen = s.onmessage = s.onclose = s.onerror = null;
            try {
                s.close(1000);
            } catch {
                // already closed
            }
        }
    }

    #connect() {
        this.timer = null;
        if (this.closed) return;
        this.onStatus({ state: "connecting", attempt: this.attempt });
        const s = new this.WebSocket(this.url);
        s.binaryType = "arraybuffer";
        this.socket = s;
        let opened = false;
        s.onopen = () => {
            opened = true;
            this.connections += 1;
            this.onStatus({ state: "open", attempt: this.attempt });
        };
        s.onmessage = (e) => {
            try {
                if (typeof e.data === "string") this.onHello(parseLiveHello(e.data));
                else {
                    this.attempt = 0;
                    this.onRecord(parseLiveFrame(e.data));
                }
            } catch (error) {
                this.badFrames += 1;
                this.onStatus({ state: "open", attempt: this.attempt, warning: error.message });
            }
        };
        s.onerror = () => {};
        s.onclose = (e) => {
            if (this.socket !== s || this.closed) return;
            this.socket = null;
            const reason = opened ? `the connection closed${e?.code ? ` (${e.code}${e.reason ? ` ${e.reason}` : ""})` : ""}` : "the connection was refused";
            if (opened) this.#retry(reason, null);
            else this.#refused(reason);
        };
    }

    /** A socket that never opened: ask the same URL over HTTP for the server's reason. */
    async #refused(reason) {
        let retryAfterMs = null;
        try {
            const response = await this.fetch(this.url.replace(/^ws/, "http"), { headers: { Accept: "application/json" } });
            const body = await response.text().catch(() => "");
            let message = body.slice(0, 200);
            try {
                message = JSON.parse(body).error ?? message;
            } catch {
                // not JSON
            }
            if (!response.ok) reason = `HTTP ${response.status}${message ? `: ${message}` : ""}`;
            if (response.status === 404 || response.status === 400) {
                this.onStatus({ state: "failed", attempt: this.attempt, reason });
                return;
            }
            const after = Number(response.headers.get("Retry-After"));
            if (response.status === 503 && after > 0) retryAfterMs = after * 1000;
        } catch {
            // the server is not reachable at all: back off as for any close
        }
        this.#retry(reason, retryAfterMs);
    }

    #retry(reason, retryAfterMs) {
        if (this.closed) return;
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
        const delay = Math.min(BACKOFF_MAX_MS, retryAfterMs ?? backoff);
        this.attempt += 1;
        this.onStatus({ state: "retrying", attempt: this.attempt, retryInMs: delay, reason });
        this.timer = this.setTimeout(() => this.#connect(), delay);
    }
}
