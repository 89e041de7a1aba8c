// What Live mode draws for one channel: the newest N minutes, the newest data at the right
// edge, recomputed as records arrive. The window's samples come from the same sources the
// cycle playing now uses (its chunks and tail runs, span for span) and, after them, the tail's
// newer runs; the analysis pass (analysis.js) makes the overview and the spectrogram of them,
// with the same processing (filter from the window's first sample, one normalization), so the
// picture is of the samples a cycle over this window would play.
//
// No DOM: live-playback.js calls it; Node's tests compare it with a cycle's own analysis.

import { SampleGrid, CoveragePlan } from "./planner.js";
import { Analysis } from "./analysis.js";
import { MISSING } from "./chunk-loader.js";
import { liveDesc, mergeRanges } from "./live-tail.js";
import { missingReasons } from "./session-report.js";
import { gridTime } from "./live-cycle.js";

/**
 * @param {object} o
 * @param {number} o.rate
 * @param {{from: number, to: number}} o.window  grid indices shown
 * @param {object|null} o.cycle   the LiveCycle playing (its plan's sources come first), or null
 * @param {{first: number, data: Int32Array}[]} o.runs  the tail's runs in the window
 * @param {number|null} o.tailFirst  the tail's oldest grid index (for the reasons)
 * @param {number|null} o.tailEnd    the grid index after the tail's newest sample
 * @param {object|null} o.range  the tail's {global_min, global_max} in the window
 * @param {string} o.loudness
 * @param {number} o.width  overview columns
 * @param {boolean} [o.spectrogram=true]
 * @returns {{info, plan, overview, spectrogram, complete: boolean}} complete: every source was loaded
 */
export function liveView(o) {
    const grid = new SampleGrid(o.rate, gridTime(o.window.from, o.rate), gridTime(o.window.to, o.rate));
    const plan = new CoveragePlan(grid);
    const cycle = o.cycle?.plan ? o.cycle : null;
    const sources = new Map(); // source → [from, to) of what it supplies here
    const add = (source, from, n) => {
        for (const seg of plan.add(source, from, n)) {
            const span = sources.get(source);
            sources.set(source, span ? [Math.min(span[0], seg.from), Math.max(span[1], seg.to)] : [seg.from, seg.to]);
        }
    };
    for (const seg of cycle?.plan.segments ?? []) {
        if (seg.source !== null && seg.source.state !== "failed") add(seg.source, seg.from, seg.to - seg.from);
    }
    for (const run of o.runs) add({ desc: liveDesc(run.first, run.data, o.rate), origin: "live", state: "ready", data: run.data }, run.first, run.data.length);
    const cycleReasons = cycle ? missingReasons(cycle.plan, cycle.skips, true) : [];
    const reasons = [];
    for (const span of plan.openSpans()) {
        const known = cycleReasons.find((r) => r.from < span.to && r.to > span.from && r.reason !== "not arrived yet");
        const reason = o.tailEnd === null || span.from >= o.tailEnd ? "not arrived yet"
            : o.tailFirst !== null && span.from >= o.tailFirst ? "gap in the live feed" : known?.reason ?? "not in the cache";
        reasons.push({ from: span.from, to: span.to, reason });
    }
    plan.finish();
    const normalization = mergeRanges(cycle?.normalization ?? null, o.range) ?? { global_min: 0, global_max: 0 };
    const analysis = new Analysis({ grid, normalization, loudness: o.loudness, width: o.width, spectrogram: o.spectrogram !== false });
    const data = (seg) => (seg.source === null || seg.source.state === "failed" ? MISSING : seg.source.state === "ready" ? seg.source.data : null);
    analysis.step(data, plan, Infinity, () => 0);
    const chunks = [...sources].map(([r, [from, to]]) => {
        // A live run's band marks only the part it supplies (a chunk may cover its start).
        const d = r.origin === "live" ? liveDesc(from, r.data.subarray(from - r.desc.first, to - r.desc.first), o.rate) : r.desc;
        return {
            key: d.key, kind: d.kind, first: d.first, samples: d.samples, start: d.start, end: d.end, origin: r.origin, state: r.state,
            used: true, gapCount: d.gapCount, gapSamplesFilled: d.gapSamplesFilled, edgeFilledSamples: d.edgeFilledSamples, gaps: d.gaps ?? null,
        };
    });
    return {
        info: { rate: o.rate, first: grid.first, total: grid.total, start: grid.start, end: grid.end },
        plan: { final: true, chunks, missing: plan.missingSpans().map((s) => [s.from, s.to]), reasons, open: [] },
        overview: analysis.takeOverview(),
        spectrogram: analysis.takeSpectrogram(),
        complete: analysis.complete,
        normalization,
    };
}
