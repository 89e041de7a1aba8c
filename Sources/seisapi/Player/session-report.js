// What a Session reports: its figures for the page and the test hook (`stats`), and the
// spans that play as silence with their reasons. Pure functions of the Session's state.

const round = (v) => Math.round(v * 100) / 100;

/** The figures of a playback (Docs/player.md, "The test hook": `stats()`). */
export function sessionStats(session) {
    const rel = {};
    for (const [k, v] of Object.entries(session.timings)) rel[`${k}Ms`] = Math.round((v - session.t0) * 10) / 10;
    const l = session.loader;
    const needed = l.needed();
    const a = session.analysis;
    const filterMs = (a?.ms ?? 0) + (session.playMs ?? 0);
    const filterSamples = (a?.samples ?? 0) + (session.playSamples ?? 0);
    return {
        id: session.id,
        channel: session.channel,
        source: session.source,
        revalidation: session.revalidation,
        error: session.error,
        rate: session.grid?.rate ?? null,
        start: session.grid ? session.startText : null,
        end: session.grid ? session.endText : null,
        totalSamples: session.grid?.total ?? null,
        normalization: session.normalization,
        final: session.finished,
        chunks: l.records.size,
        chunksNeeded: needed.all,
        // Of the chunks this playback needs (known so far), where they come from —
        // loaded already or still queued: the answer to "did the repeat fetch anything?".
        chunksFromNetwork: needed.network,
        chunksFromIndexedDB: needed.indexeddb,
        chunksFetched: l.counts.fetched,
        chunksFromCache: l.counts.fromCache,
        chunksStored: l.counts.stored,
        chunksFailed: l.counts.failed,
        bytesFetched: l.counts.bytesFetched,
        retries: l.counts.retries,
        generation: { planned: session.progress.planned, generated: session.progress.generated, skipped: session.progress.skipped },
        missing: session.plan ? session.plan.missingSpans().map((s) => [s.from, s.to]) : [],
        missingReasons: missingReasons(session.plan, session.skips, session.finished),
        decodeMs: round(l.decode.ms),
        decodeMBps: l.decode.ms > 0 ? round(l.decode.bytes / 1e6 / (l.decode.ms / 1e3)) : null,
        filterMs: round(filterMs),
        filterMsps: filterMs > 0 ? round(filterSamples / 1e6 / (filterMs / 1e3)) : null,
        framesSent: session.sentFrames,
        framesConsumed: session.consumedFrames,
        speed: session.speed,
        position: session.grid ? session.position() : null,
        analyzed: a ? a.cursor - session.grid.first : 0,
        spectrogramColumns: a?.spectrogram ? a.spectrogram.done : null,
        maxConcurrentLoads: l.queue.maxRunning,
        maxConcurrentCacheReads: l.cacheQueue.maxRunning,
        memoryBytes: l.memoryBytes,
        timings: rel,
    };
}

/**
 * The spans that play as silence and why: {from, to, reason} on the grid — a chunk the
 * server skipped (its reason), a chunk that failed to load, a span no chunk covers (no data
 * at the source), or, while a miss is being generated, "still generating".
 */
export function missingReasons(plan, skips, finished) {
    if (!plan) return [];
    const out = [];
    const push = (from, to, reason) => {
        const last = out.at(-1);
        if (last && last.to === from && last.reason === reason) last.to = to;
        else out.push({ from, to, reason });
    };
    for (const seg of plan.segments) {
        if (seg.source === null) {
            const skip = skips.find((s) => s.from < seg.to && s.to > seg.from);
            push(seg.from, seg.to, skip ? skip.reason : "no data at the source");
        } else if (seg.source.state === "failed") {
            push(seg.from, seg.to, `failed to load (${seg.source.failure ?? "error"})`);
        }
    }
    if (!finished) for (const s of plan.openSpans()) out.push({ from: s.from, to: s.to, reason: "still generating" });
    return out.sort((x, y) => x.from - y.from);
}

/** The "plan" event's fields: the chunks, the missing spans with their reasons, what is still open. */
export function planFields(session) {
    const plan = session.plan;
    return {
        final: session.finished, chunks: session.loader.chunkList(),
        missing: plan.missingSpans().map((s) => [s.from, s.to]),
        reasons: missingReasons(plan, session.skips, session.finished),
        open: plan.openSpans().map((s) => [s.from, s.to]),
    };
}
