import ChunkStore
import Logging
import Metrics
import SeedCore
import FDSN
import Pipeline

/// Generates the chunks of a `/data` miss (001 "Render"): fetch the range from the source in
/// requests of at most 24 hours (halving the span when a request fails), send the
/// normalization range first, then store the planned chunks in priority order through the
/// ``WindowStorer`` (cut as the cron cuts, uploaded, recorded per day file) and announce
/// each one as it is stored.
struct OnDemandGenerator: Sendable {
    var query: DataQuery
    var plan: GenerationPlan
    var effectiveRange: TimeWindow
    var knownRate: Double?
    /// min/max of the range's chunks that are already stored (the lookup's manifest): the
    /// early normalization covers the whole request, not only what is generated.
    var storedNormalization: ChunkManifest.Normalization?
    /// The range's chunks that are already stored, announced in the `metadata` line.
    var storedChunks: [ChunkManifest.Chunk] = []
    var source: any WaveformSource
    var store: any ObjectStore
    var processor: WindowProcessor
    /// The time the generation may wait on the source; what is not fetched by then is skipped.
    var budget: GenerationBudget = .unlimited
    var logger: Logger

    /// The shortest request the halving goes down to.
    static let minimumRequestSeconds: Int64 = 600

    /// One fetch: consecutive windows and the records of their span.
    struct Segment {
        var windows: [ChunkWindow]
        var span: TimeWindow
        var bytes: [UInt8]
    }

    /// Runs the generation; `emit` gets the metadata, the chunks, and the skipped chunks.
    /// - Returns: whether at least one chunk was stored; throws nothing: failures are events.
    func run(urls: ChunkURLs, emit: (DataEvent) async -> Void) async -> Result<Int, GenerationFailure> {
        let id = query.sourceID
        // Fetch every segment first (raw miniSEED is small: ~10 MB per 100 Hz day), within the budget.
        var segments: [Segment] = []
        var unfetched: [ChunkWindow] = []
        for windows in plan.segments {
            guard let first = windows.first, let last = windows.last else { continue }
            let span = TimeWindow(start: first.window.start, end: last.window.end)
            guard unfetched.isEmpty, let fetched = await budget.run({ await fetchHalvingResult(span) }) else {
                if unfetched.isEmpty {
                    Counter(label: "seiscache_data_generation_budget_exhausted_total").increment()
                    logger.warning(
                        "on-demand generation budget used up; the rest of the range is skipped",
                        metadata: ["channel": "\(id)", "window": "\(span)", "data.budget_seconds": "\(budget.seconds)"])
                }
                unfetched += windows
                continue
            }
            switch fetched {
            case .success(let bytes):
                segments.append(Segment(windows: windows, span: span, bytes: bytes))
            case .failure(let error):
                Counter(label: "seiscache_fdsn_errors_total").increment()
                logger.error("on-demand fetch failed", metadata: ["channel": "\(id)", "window": "\(span)", "error": "\(error)"])
                return .failure(GenerationFailure(message: "fetching \(span) from the source failed"))
            }
        }
        // Pass 1: the rate and min/max over the range, before any chunk is written.
        var rate = knownRate
        var low: Int32?
        var high: Int32?
        var buffer: [Int32] = []
        for segment in segments {
            let traces = decode(segment.bytes)
            guard let decodedRate = SampleRateResolver.decodedRate(of: traces) else { continue }
            rate = rate ?? decodedRate
            let clipped = TimeWindow(
                start: max(segment.span.start, effectiveRange.start), end: min(segment.span.end, effectiveRange.end))
            guard clipped.start < clipped.end,
                let summary = try? processor.process(traces, channel: id, window: clipped, into: &buffer),
                summary.realSamples > 0
            else { continue }
            low = min(low ?? summary.min, summary.min)
            high = max(high ?? summary.max, summary.max)
        }
        buffer = []
        if let stored = storedNormalization {
            low = min(low ?? stored.globalMin, stored.globalMin)
            high = max(high ?? stored.globalMax, stored.globalMax)
        }
        guard let rate else {
            if !unfetched.isEmpty {
                return .failure(
                    GenerationFailure(
                        message: "the source did not answer within the generation's time budget (\(budget.seconds) s); ask again later"))
            }
            return .failure(GenerationFailure(message: "the source has no data of \(id) in \(effectiveRange)"))
        }
        await emit(
            .metadata(
                DataEvent.Metadata(
                    sampleRate: rate, format: "int32", start: effectiveRange.start.iso8601(),
                    end: effectiveRange.end.iso8601(),
                    normalization: low.flatMap { l in high.map { ChunkManifest.Normalization(globalMin: l, globalMax: $0) } },
                    chunksPlanned: plan.windows.count, totalSamples: effectiveRange.sampleCount(rate: rate),
                    chunks: storedChunks)))
        // Pass 2: cut, upload in priority (time) order, record per day file.
        let storer = WindowStorer(store: store, processor: processor, logger: logger)
        let home = ChannelHome(sourceID: id, volcano: query.volcano, sampleRate: rate)
        let facts = await budget.run { [source, logger] in await source.stationFacts(for: [id], logger: logger)[id] } ?? nil
        var storedCount = 0
        for segment in segments {
            let report = await storer.store(segment.windows, of: home, from: .success(decode(segment.bytes)), station: facts) {
                outcome in
                let window = outcome.window
                let skip = { (reason: String) in
                    DataEvent.chunkSkipped(
                        kind: window.kind.rawValue, start: window.window.start.iso8601(), end: window.window.end.iso8601(),
                        reason: reason)
                }
                switch outcome.status {
                case .stored, .unchanged:
                    guard let chunk = outcome.chunk else { return }
                    Counter(label: "seiscache_chunks_generated_total", dimensions: [("kind", window.kind.rawValue)]).increment()
                    do {
                        await emit(.chunk(try ManifestBuilder.chunk(kind: window.kind, key: chunk.key, entry: chunk.entry, urls: urls)))
                    } catch {
                        logger.error("on-demand chunk not announced", metadata: ["window": "\(window)", "error": "\(error)"])
                        await emit(skip("no URL could be made for the chunk"))
                    }
                case .noData: await emit(skip("no data"))
                case .incomplete:
                    let completeness = outcome.summary?.completeness ?? 0
                    await emit(skip("incomplete: \(Int((completeness * 1000).rounded()) / 10)% of the samples"))
                // The detail (paths, hosts) is in the storer's log line, not in the anonymous stream.
                case .unprocessable: await emit(skip("the source's records could not be processed"))
                case .notStored: await emit(skip("the store failed"))
                case .dryRun: break
                }
            }
            if let error = report.metadataError {
                logger.error("on-demand day metadata not recorded", metadata: ["channel": "\(id)", "error": "\(error)"])
                return .failure(GenerationFailure(message: "recording the day metadata failed"))
            }
            storedCount += report.outcomes.filter(\.isInStore).count
        }
        for window in unfetched {
            await emit(
                .chunkSkipped(
                    kind: window.kind.rawValue, start: window.window.start.iso8601(), end: window.window.end.iso8601(),
                    reason: "not fetched: the generation's time budget (\(budget.seconds) s) ran out while the source was slow; ask again later"))
        }
        return .success(storedCount)
    }

    /// ``fetchHalving(_:)`` as a result, for running it within the budget.
    func fetchHalvingResult(_ span: TimeWindow) async -> Result<[UInt8], WaveformSourceError> {
        do {
            return .success(try await fetchHalving(span))
        } catch {
            return .failure(error)
        }
    }

    /// One request for the span; on failure two requests for its halves, down to 10 minutes.
    func fetchHalving(_ span: TimeWindow) async throws(WaveformSourceError) -> [UInt8] {
        do {
            return try await source.fetch([WaveformRequest(channel: query.sourceID, window: span)], logger: logger)
        } catch {
            let seconds = span.seconds
            // Cancelled (the budget ran out, shutdown): halves would be cancelled too.
            guard seconds >= 2 * Self.minimumRequestSeconds, !Task.isCancelled else { throw error }
            let middle = span.start.adding(seconds: TickPlan.floor(seconds / 2, to: Self.minimumRequestSeconds))
            logger.warning(
                "fetch failed; halving the request",
                metadata: ["channel": "\(query.sourceID)", "window": "\(span)", "error": "\(error)"])
            let left = try await fetchHalving(TimeWindow(start: span.start, end: middle))
            let right = try await fetchHalving(TimeWindow(start: middle, end: span.end))
            return left + right
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
