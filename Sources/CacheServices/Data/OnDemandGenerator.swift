import ChunkStore
import Logging
import Metrics
import SeedCore
import WaveformSources
import Pipeline

/// Generates the chunks of a `/data` miss (001 "Render"): fetch the range from the source in
/// segments of at most 24 hours (one request each; splitting a request the service finds too
/// large is the FDSN client's, ``FDSNClient/fetch(_:logger:)``), decode each segment once, send the
/// normalization range as soon as the first segment is in, then store the planned chunks in
/// priority order through the ``WindowStorer`` (cut as the cron cuts, compressed and uploaded
/// ``uploads`` at a time, recorded per day file) and announce each one as it is stored, in
/// playback order. The next segment is fetched while one is stored: at most two segments
/// are in flight, so a 7-day miss starts streaming as soon as a 24-hour one does.
struct OnDemandGenerator: Sendable {
    var query: DataQuery
    var plan: GenerationPlan
    var effectiveRange: TimeWindow
    var knownRate: Double?
    /// min/max of the range's chunks that are already stored (the lookup's manifest): the
    /// early normalization covers the stored part of the request, not only the first segment.
    var storedNormalization: ChunkManifest.Normalization?
    /// The range's chunks that are already stored, announced in the `metadata` line.
    var storedChunks: [ChunkManifest.Chunk] = []
    var source: any WaveformSource
    var store: any ObjectStore
    var processor: WindowProcessor
    /// The time the generation may wait on the source; what is not fetched by then is skipped.
    var budget: GenerationBudget = .unlimited
    var logger: Logger
    /// Chunks compressed and uploaded at once (001's parallel storing).
    var uploads = 4

    /// One fetch: consecutive windows and the channel's traces in the records of their span
    /// (decoded once, as they arrive), or why there are none (`nil`: the budget ran out first).
    struct Segment: Sendable {
        var windows: [ChunkWindow]
        var span: TimeWindow
        var traces: Result<[Trace], WaveformSourceError>?
    }

    /// Runs the generation; `emit` gets the metadata, the chunks, and the skipped chunks.
    /// - Returns: whether at least one chunk was stored; throws nothing: failures are events.
    func run(urls: ChunkURLs, emit: (DataEvent) async -> Void) async -> Result<Int, GenerationFailure> {
        let spans = plan.segments.compactMap { windows -> (windows: [ChunkWindow], span: TimeWindow)? in
            guard let first = windows.first, let last = windows.last else { return nil }
            return (windows, TimeWindow(start: first.window.start, end: last.window.end))
        }
        // The station facts the day metadata records, asked for beside the first segment's
        // data (not after it: on a distant service that is one round trip less before the
        // first chunk).
        let (id, source, logger, budget) = (query.sourceID, source, logger, budget)
        let facts = Task { await budget.run { await source.stationFacts(for: [id], logger: logger)[id] } ?? nil }
        defer { facts.cancel() }
        return await withTaskGroup(of: Segment.self) { group in
            var next = 0
            func fetchNext() {
                guard next < spans.count else { return }
                let (windows, span) = spans[next]
                next += 1
                group.addTask {
                    let fetched = await budget.run { await fetch(span) }
                    return Segment(windows: windows, span: span, traces: fetched.map { $0.map(decode) })
                }
            }
            fetchNext()
            var storing = Storing(generator: self, urls: urls, facts: facts)
            while let segment = await group.next() {
                // Shutdown: what is stored stays recorded; the rest is not started.
                guard !Task.isCancelled else {
                    group.cancelAll()
                    return .failure(GenerationFailure(message: "the server is shutting down; ask again"))
                }
                switch segment.traces {
                case nil:
                    // The budget ran out: what was fetched is stored, the rest is skipped.
                    Counter(label: "seiscache_data_generation_budget_exhausted_total").increment()
                    logger.warning(
                        "on-demand generation budget used up; the rest of the range is skipped",
                        metadata: [
                            "channel": "\(query.sourceID)", "window": "\(segment.span)", "data.budget_seconds": "\(budget.seconds)",
                        ])
                    return await storing.finish(unfetched: spans[(next - 1)...].flatMap(\.windows), emit: emit)
                case .success(let traces):
                    // The next segment is fetched while this one is stored (two in flight at most),
                    // asked for once the metadata line is out.
                    if let failure = await storing.take(
                        segment.windows, span: segment.span, traces: traces, emit: emit, beforeStoring: fetchNext)
                    {
                        group.cancelAll()
                        return .failure(failure)
                    }
                case .failure(let error):
                    Counter(label: "seiscache_fdsn_errors_total").increment()
                    logger.error(
                        "on-demand fetch failed",
                        metadata: ["channel": "\(query.sourceID)", "window": "\(segment.span)", "error": "\(error)"])
                    group.cancelAll()
                    return .failure(GenerationFailure(message: "fetching \(segment.span) from the source failed"))
                }
            }
            return await storing.finish(unfetched: [], emit: emit)
        }
    }

    /// One request for the span, as a result (for running it within the budget). A request
    /// the service finds too large is split by the source (the FDSN client halves it).
    func fetch(_ span: TimeWindow) async -> Result<[UInt8], WaveformSourceError> {
        do {
            return .success(try await source.fetch([WaveformRequest(channel: query.sourceID, window: span)], logger: logger))
        } catch {
            return .failure(error)
        }
    }

    /// The channel's traces in a response (none when it cannot be read: every window is then "no data").
    func decode(_ bytes: [UInt8]) -> [Trace] {
        (try? SourceResponse(bytes).traces(of: query.sourceID, logger: logger).get()) ?? []
    }
}

/// Why a generation stopped.
struct GenerationFailure: Error {
    var message: String
}
