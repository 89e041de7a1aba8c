// Live mode on the page (live-ui.js) and the status line's writer (status-view.js), with a
// fake Player (an EventTarget), fake pictures and fake elements: the Worker's live view goes
// to the pictures and the status line's plan, the status words for each socket state, the
// newest sample's age, the hook's snapshot.
import test from "node:test";
import assert from "node:assert/strict";
import { LiveUI } from "../../Sources/seisapi/Player/live-ui.js";
import { StatusView } from "../../Sources/seisapi/Player/status-view.js";
import { formatAgo } from "../../Sources/seisapi/Player/status.js";

function fakePlots(n) {
    const calls = [];
    const item = (i) => ({
        overview: { configure: (info) => calls.push([i, "overview.configure", info.first]), plan: () => calls.push([i, "overview.plan"]), overview: () => calls.push([i, "overview"]) },
        spectrogram: { configure: () => calls.push([i, "spectrogram.configure"]), add: () => calls.push([i, "spectrogram.add"]) },
    });
    const items = Array.from({ length: n }, (_, i) => item(i));
    return { calls, at: (i) => items[i] ?? null };
}

function setup(channels = 1) {
    const player = new EventTarget();
    const plots = fakePlots(channels);
    const state = { plans: [] };
    let changes = 0;
    const ui = new LiveUI({ player, plots, state, onChange: () => changes++ });
    const send = (type, detail) => player.dispatchEvent(new CustomEvent(type, { detail }));
    return { ui, plots, state, send, changes: () => changes };
}

test("formatAgo: one unit, floored", () => {
    assert.deepEqual([3.9, 119, 125, 7199, 7200, 172799, 86400 * 398.2].map(formatAgo), ["3 s", "119 s", "2 min", "119 min", "2 h", "47 h", "398 d"]);
    assert.equal(formatAgo(-2), "0 s", "a clock a little behind the server's");
});

test("Live on the page: the view drawn, the facts kept, the status words per socket state, the hook's snapshot", () => {
    const { ui, plots, state, send, changes } = setup(2);
    send("live", { channel: 0, live: { state: "open", newestEnd: 1 } });
    assert.equal(ui.snapshot(0), null, "nothing before a Live play");
    ui.start(true, 2);
    assert.deepEqual(ui.statusParts(), ["Live: channel 1: connecting…", "Live: channel 2: connecting…"]);
    const now = Date.now() / 1000;
    send("live", { channel: 0, live: { name: "HV.UWE..HHZ", state: "open", newestSampleTime: now - 4.01, newestEnd: now - 4, receivedAt: 5 } });
    send("live", { channel: 1, live: { name: "HV.NPT..HHZ", state: "retrying", retryInMs: 1500, reason: "the connection closed (1006)", newestEnd: null } });
    const parts = ui.statusParts();
    assert.match(parts[0], /^Live: HV\.UWE\.\.HHZ: newest sample [45] s ago \(\d\d:\d\d:\d\d UTC\)$/);
    assert.equal(parts[1], "Live: HV.NPT..HHZ: reconnecting in 2 s (the connection closed (1006))");
    send("live", { channel: 1, live: { name: "HV.NPT..HHZ", state: "failed", reason: "HTTP 404: unknown channel", newestEnd: null } });
    assert.equal(ui.statusParts()[1], "Live: HV.NPT..HHZ: HTTP 404: unknown channel");
    send("live", { channel: 1, live: { name: "HV.NPT..HHZ", state: "open", newestEnd: null } });
    assert.equal(ui.statusParts()[1], "Live: HV.NPT..HHZ: connected, waiting for records");

    const plan = { final: true, chunks: [], reasons: [], missing: [], open: [] };
    send("live-view", { channel: 0, info: { rate: 100, first: 1000, total: 60000 }, plan, overview: {}, spectrogram: {} });
    send("live-view", { channel: 1, info: { rate: 100, first: 1000, total: 60000 }, plan, overview: null, spectrogram: null });
    assert.deepEqual(plots.calls, [
        [0, "overview.configure", 1000], [0, "overview.plan"], [0, "overview"], [0, "spectrogram.configure"], [0, "spectrogram.add"],
        [1, "overview.configure", 1000], [1, "overview.plan"], [1, "spectrogram.configure"],
    ]);
    assert.equal(state.plans[0], plan, "the status line's chunks and missing spans are the view's");
    const snap = ui.snapshot(0);
    assert.deepEqual([snap.shownFrom, snap.shownUntil, snap.receivedAt, snap.audioEnded], [10, 610, 5, false]);
    assert.ok(snap.newestAgeSeconds >= 4 && snap.newestAgeSeconds < 5 && snap.shownAt > 0 && snap.drawnAt > 0);
    ui.audioEnded = 3;
    assert.equal(ui.statusParts().at(-1), "audio ended (Loop plays the newest minutes again)");
    send("run", {});
    assert.equal(ui.audioEnded, false, "a new cycle plays");
    assert.ok(changes() >= 5);
    send("live", { channel: 0, live: { name: "HV.UWE..HHZ", state: "failed", reason: "HTTP 404", newestEnd: null } });
    send("error", { message: "live UWE: HTTP 404" });
    assert.equal(ui.active, true, "one channel still follows");
    send("live", { channel: 1, live: { name: "HV.NPT..HHZ", state: "failed", reason: "HTTP 404", newestEnd: null } });
    send("error", { message: "live NPT: HTTP 404" });
    assert.equal(ui.active, false, "no channel follows: Live stops (the play's error says why)");
    ui.start(true, 2);
    ui.stop();
    assert.deepEqual(ui.statusParts(), []);
    assert.equal(ui.snapshot(0), null);
    send("live-view", { channel: 0, info: { rate: 100, first: 2000, total: 60000 }, plan });
    assert.equal(plots.calls.length, 8, "nothing drawn after Stop");
});

test("the status line: the extra (Live) parts first, the note last, the Details rows", () => {
    globalThis.document = { createElement: (tag) => ({ tag, textContent: "" }) };
    const element = () => ({ textContent: "", classes: new Set(), classList: { toggle(c, on) { on ? this.owner.classes.add(c) : this.owner.classes.delete(c); } }, replaceChildren(...c) { this.children = c; } });
    const ui = { status: element(), facts: element(), cacheUsage: element() };
    ui.status.classList.owner = ui.status;
    ui.facts.classList.owner = ui.facts;
    const state = { catalog: {}, playing: true, started: null, stats: null, error: "boom", note: "Link copied", configured: [{ start: "a", end: "b", total: 10, rate: 100 }] };
    const player = { paused: false, session: null, cacheUsage: async () => ({ chunks: 3, bytes: 2.5e6 }) };
    const view = new StatusView({ ui, state, player, extra: () => ["Live: newest sample 4 s ago"] });
    view.render();
    assert.equal(ui.status.textContent, "Live: newest sample 4 s ago · Error: boom · Link copied");
    assert.ok(ui.status.classes.has("error") && ui.status.classes.has("busy"));
    assert.deepEqual(ui.facts.children.map((c) => c.textContent).slice(0, 2), ["Range", "a → b"]);
    return view.cacheUsage().then(() => assert.equal(ui.cacheUsage.textContent, "This browser keeps 3 chunks (2.5 MB uncompressed)."));
});
