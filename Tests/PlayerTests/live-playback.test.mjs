// A whole Live playback (Sources/seisapi/Player/live-playback.js, what the Worker runs in Live
// mode) through a fake WebSocket and a fake /data: the first cycle starts once the server's
// buffer is in and plays SciPy's reference; the picture is of the same samples and follows new
// records (the newest at the right edge); Loop's next cycle plays the newest minutes with the
// new records appended, exactly as the same range plays from chunks; a reconnect's repeated
// buffer is dropped; stop closes the socket.
import test from "node:test";
import assert from "node:assert/strict";
import { LivePlayback } from "../../Sources/seisapi/Player/live-playback.js";
import { Session } from "../../Sources/seisapi/Player/session.js";
import { maxAbsDiff } from "./support.mjs";
import { manifest, expected, decoder, RATE, BASE, channel, index, records, FakeWebSocket, json, dataServer, workletPort, until } from "./live-support.mjs";

const WIDTH = 256;

function sameColumns(a, b) {
    return a.length === b.length && a.every((v, i) => (Number.isNaN(v) && Number.isNaN(b[i])) || Math.abs(v - b[i]) < 1e-6);
}

async function fromChunks(start, end) {
    const session = new Session({
        request: { ...channel, start, end }, decoder, base: BASE, audioRate: 8000, emit: () => {},
        fetch: async (url) => (new URL(url).pathname === "/data" ? json({ ...manifest, start, end }) : dataServer().fetch(url)),
    });
    const port = workletPort();
    port.onmessage = (e) => session.fromWorklet(e.data);
    session.attach(port, 8000);
    await session.start();
    await until(() => session.run?.ended && session.outlet.queued() === 0, "the chunks' playback");
    return port.output(1);
}

test("Live: the buffer, the picture following the records, Loop with the newest appended, a reconnect", async () => {
    FakeWebSocket.sockets = [];
    const srv = dataServer();
    const events = [];
    const live = new LivePlayback({
        id: 1, requests: [channel], speeds: [1], loudness: "seed", overviewWidth: WIDTH, durationSeconds: 1825, audioRate: 8000,
        decoder, cache: null, base: BASE, fetch: srv.fetch, WebSocket: FakeWebSocket, quietMs: 60_000, firstWaitMs: 60_000,
        emit: (e) => events.push(e),
    });
    const port = workletPort();
    live.attach(0, port, 8000);
    live.start();
    const socket = FakeWebSocket.sockets.at(-1);
    assert.equal(socket.url, "ws://127.0.0.1:9999/live?network=HV&volcano=kilauea&station=TEST&location=&channel=HHZ");
    const buffer = records(index("2025-11-04T22:30:00Z"), index(manifest.end));
    // The hello says how many records are the server's buffer: the first cycle starts after the last.
    socket.accept({ channel: "HV.TEST..HHZ", volcano: "kilauea", sample_rate: RATE, buffer_minutes: 30, backlog_records: buffer.length });
    for (const r of buffer.slice(0, -1)) socket.send(r.first, r.samples);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(live.cycles, 0, "not before the buffer is in");
    socket.send(buffer.at(-1).first, buffer.at(-1).samples);

    // The first cycle: the newest 1825 s when the buffer was in, from /data and the tail.
    await live.firstCycle;
    const cycle = live.sessions[0];
    assert.deepEqual([cycle.window.start, cycle.window.end], [manifest.start, manifest.end]);
    await until(() => cycle.audioEnded, "the first cycle's end");
    assert.ok(maxAbsDiff(port.output(1), expected) < 1e-6, "the first cycle plays SciPy's reference");
    assert.ok(events.some((e) => e.type === "configured" && e.live), "the cycle's events reach the page");
    assert.ok(!events.some((e) => e.type === "overview" || e.type === "plan"), "the cycle's own pictures do not");

    // The picture: the same window, of the samples the cycle played.
    await until(() => cycle.analysis?.complete && events.filter((e) => e.type === "live-view").at(-1)?.plan.chunks.every((c) => c.state === "ready"), "a complete picture");
    await until(() => !live.viewDue, "the last redraw");
    let view = events.filter((e) => e.type === "live-view").at(-1);
    assert.deepEqual([view.info.first, view.info.total], [index(manifest.start), index(manifest.end) - index(manifest.start)]);
    assert.ok(sameColumns(view.overview.min, cycle.analysis.overview.min) && sameColumns(view.overview.max, cycle.analysis.overview.max), "the picture is the cycle's analysis");
    assert.deepEqual(view.plan.reasons, [{ from: index("2025-11-04T22:20:00Z"), to: index("2025-11-04T22:30:00Z"), reason: "not in the cache" }]);
    assert.ok(view.plan.chunks.some((c) => c.kind === "live") && view.plan.chunks.some((c) => c.kind === "10min"));
    for (const c of view.plan.chunks.filter((k) => k.kind === "live")) {
        assert.ok(view.plan.chunks.every((k) => k.kind === "live" || k.first + k.samples <= c.first), "a live band starts after every chunk");
    }

    // New records: the picture scrolls (newest at the right edge) within a redraw's interval.
    const newer = records(index(manifest.end), index("2025-11-04T22:36:00Z"), 11);
    const sentAt = performance.now();
    for (const r of newer) socket.send(r.first, r.samples);
    await until(() => events.filter((e) => e.type === "live-view").at(-1).info.first === index("2025-11-04T22:05:35Z"), "the scrolled picture");
    assert.ok(performance.now() - sentAt < 1000, "drawn within a second");
    const facts = live.facts(live.channels[0]);
    assert.equal(facts.newestSampleTime, (index("2025-11-04T22:36:00Z") - 1) / RATE);
    assert.equal(facts.displayedUntil, index("2025-11-04T22:36:00Z") / RATE);
    assert.equal(facts.samplesHeld, index("2025-11-04T22:36:00Z") - index("2025-11-04T22:30:00Z"));
    view = events.filter((e) => e.type === "live-view").at(-1);
    assert.equal(view.info.total, 18250, "still N minutes");

    // Loop: the next cycle plays the newest minutes, the new records appended — as chunks play them.
    assert.equal(live.nextCycle(1), true);
    assert.equal(live.nextCycle(1), false, "asked twice: one new cycle");
    assert.equal(live.nextCycle(2), false, "not before the cycle ended");
    const second = live.sessions[0];
    assert.deepEqual([second.window.start, second.window.end], ["2025-11-04T22:05:35Z", "2025-11-04T22:36:00Z"]);
    await until(() => second.audioEnded, "the second cycle's end");
    assert.ok(second.generation > 1 && port.output(1).length === expected.length, "one port, a new generation");
    assert.deepEqual(port.output(second.generation), await fromChunks("2025-11-04T22:05:35Z", "2025-11-04T22:36:00Z"));
    assert.deepEqual(await second.tapFrames(100), [...port.output(second.generation).subarray(0, 100)]);

    // A reconnect: the status says so; the server's buffer sent again is dropped.
    socket.drop();
    assert.equal(live.facts(live.channels[0]).state, "retrying");
    assert.equal(live.facts(live.channels[0]).retryInMs, 500);
    await until(() => FakeWebSocket.sockets.length === 2, "the reconnect", 3000);
    const again = FakeWebSocket.sockets.at(-1);
    again.accept();
    for (const r of [...buffer, ...newer]) again.send(r.first, r.samples);
    const after = live.facts(live.channels[0]);
    assert.equal(after.samplesHeld, facts.samplesHeld);
    assert.equal(after.samplesDropped, facts.samplesHeld);
    assert.equal(after.connections, 2);
    await until(() => events.filter((e) => e.type === "live").at(-1).live.connections === 2, "the status event");
    live.stop();
    assert.equal(again.closedByClient, true);
});

test("Live: a server that does not say its buffer's size: the first cycle starts when the records pause", async () => {
    FakeWebSocket.sockets = [];
    const events = [];
    const live = new LivePlayback({
        id: 2, requests: [{ ...channel, sampleRate: RATE }], speeds: [1], loudness: "seed", overviewWidth: WIDTH, durationSeconds: 600,
        decoder, cache: null, base: BASE, fetch: dataServer().fetch, WebSocket: FakeWebSocket, quietMs: 30, emit: (e) => events.push(e),
    });
    live.start();
    const socket = FakeWebSocket.sockets.at(-1);
    socket.accept({ channel: "HV.TEST..HHZ", sample_rate: null }); // the rate from the catalog (the request)
    const buffer = records(index("2025-11-04T22:30:00Z"), index(manifest.end));
    for (const r of buffer) socket.send(r.first, r.samples);
    assert.equal(live.cycles, 0);
    await live.firstCycle;
    assert.deepEqual([live.sessions[0].window.start, live.sessions[0].window.end], ["2025-11-04T22:25:30Z", manifest.end]);
    assert.equal(live.sessions[0].rate, RATE);
    live.stop();
});

test("Live: a channel the server does not follow (404) fails the play, with the server's reason", async () => {
    FakeWebSocket.sockets = [];
    const events = [];
    const live = new LivePlayback({
        id: 3, requests: [channel], speeds: [1], loudness: "seed", overviewWidth: WIDTH, durationSeconds: 600, decoder, cache: null,
        base: BASE, WebSocket: FakeWebSocket, emit: (e) => events.push(e),
        fetch: async () => json({ error: "live listening is not configured on this server (seisapi serve --live seedlink:HOST:PORT)" }, 404),
    });
    live.start();
    FakeWebSocket.sockets.at(-1).drop();
    await until(() => events.some((e) => e.type === "error"), "the error");
    const error = events.find((e) => e.type === "error");
    assert.equal(error.fatal, true);
    assert.match(error.message, /live TEST: HTTP 404: live listening is not configured/);
    assert.equal(live.facts(live.channels[0]).state, "failed");
    assert.equal(FakeWebSocket.sockets.length, 1, "no retry");
    live.stop();
});
