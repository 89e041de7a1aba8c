import ChunkStore
import Logging
import Metrics
import Pipeline
import SeedCore

extension OnDemandGenerator {
    /// The storing half of a generation, fed one fetched segment at a time in playback order:
    /// the `metadata` line goes out with the first segment that holds data (its min/max with
    /// the stored chunks' range; the final manifest's range covers every chunk), then each
    /// segment's windows are stored and announced in order.
    struct Storing {
        let generator: OnDemandGenerator
        let urls: ChunkURLs
        private var announced = false
        /// Segments before the metadata could be sent (no data of the channel in them).
        private var held: [(windows: [ChunkWindow], traces: [Trace])] = []
        /// The station facts, asked for when the generation started.
        private let factsRequest: Task<StationFacts?, Never>
        private var facts: StationFacts?
        private var rate: Double?
        private var storedCount = 0

        init(generator: OnDemandGenerator, urls: ChunkURLs, facts: Task<StationFacts?, Never>) {
            self.generator = generator
            self.urls = urls
            self.rate = generator.knownRate
            self.factsRequest = facts
        }

        /// Stores one segment (after sending the metadata, when this segment makes it known).
        /// - Parameter beforeStoring: called once the metadata is out (or still unknown), before
        ///   the segment is stored: the caller starts fetching the next segment there.
        /// - Returns: why the generation must stop, or `nil`.
        mutating func take(
            _ windows: [ChunkWindow],
            span: TimeWindow,
            traces: [Trace],
            emit: (DataEvent) async -> Void,
            beforeStoring: () -> Void
        ) async -> GenerationFailure? {
            if !announced {
                rate = rate ?? SampleRateResolver.decodedRate(of: traces)
                let range = normalization(of: traces, span: span)
                guard let rate, range != nil || generator.storedNormalization != nil else {
                    held.append((windows, traces))
                    beforeStoring()
                    return nil
                }
                await announce(rate: rate, normalization: range, emit: emit)
                beforeStoring()
                if let failure = await storeHeld(emit: emit) { return failure }
            } else {
                beforeStoring()
            }
            return await store(windows, traces: traces, emit: emit)
        }

        /// After the last segment (or when the budget ran out, with the windows not fetched):
        /// the metadata when no segment held data but the rate is known (those windows are
        /// then skipped), the unfetched windows as skipped, and the count of chunks in the store.
        mutating func finish(
            unfetched: [ChunkWindow],
            emit: (DataEvent) async -> Void
        ) async
            -> Result<Int, GenerationFailure>
        {
            let budget = generator.budget
            if !announced {
                guard let rate else {
                    if !unfetched.isEmpty {
                        return .failure(
                            GenerationFailure(
                                message: "the source did not answer within the generation's time budget (\(budget.seconds) s); ask again later"
                            )
                        )
                    }
                    let id = generator.query.sourceID
                    return .failure(GenerationFailure(message: "the source has no data of \(id) in \(generator.effectiveRange)"))
                }
                await announce(rate: rate, normalization: nil, emit: emit)
                if let failure = await storeHeld(emit: emit) { return .failure(failure) }
            }
            for window in unfetched {
                await emit(
                    .chunkSkipped(
                        kind: window.kind.rawValue,
                        start: window.window.start.iso8601(),
                        end: window.window.end.iso8601(),
                        reason: "not fetched: the generation's time budget (\(budget.seconds) s) ran out while the source was slow; ask again later"
                    )
                )
            }
            return .success(storedCount)
        }

        private mutating func announce(
            rate: Double,
            normalization: ChunkManifest.Normalization?,
            emit: (DataEvent) async -> Void
        ) async {
            var low = normalization?.globalMin
            var high = normalization?.globalMax
            if let stored = generator.storedNormalization {
                low = min(low ?? stored.globalMin, stored.globalMin)
                high = max(high ?? stored.globalMax, stored.globalMax)
            }
            let range = generator.effectiveRange
            await emit(
                .metadata(
                    DataEvent.Metadata(
                        sampleRate: rate,
                        format: "int32",
                        start: range.start.iso8601(),
                        end: range.end.iso8601(),
                        normalization: low.flatMap { l in high.map { ChunkManifest.Normalization(globalMin: l, globalMax: $0) } },
                        chunksPlanned: generator.plan.windows.count,
                        totalSamples: range.sampleCount(rate: rate),
                        chunks: generator.storedChunks
                    )
                )
            )
            announced = true
            facts = await factsRequest.value
        }

        private mutating func storeHeld(emit: (DataEvent) async -> Void) async -> GenerationFailure? {
            let segments = held
            held = []
            for segment in segments {
                if let failure = await store(segment.windows, traces: segment.traces, emit: emit) { return failure }
            }
            return nil
        }

        /// min/max of the segment's decoded samples inside the requested range, `nil` without
        /// samples there: read from the traces (``SampleExtremes``), not cut, so the metadata
        /// line costs a scan rather than a whole-range cut before the first chunk is cut.
        private func normalization(of traces: [Trace], span: TimeWindow) -> ChunkManifest.Normalization? {
            let range = generator.effectiveRange
            let clipped = TimeWindow(start: max(span.start, range.start), end: min(span.end, range.end))
            guard clipped.start < clipped.end else { return nil }
            return SampleExtremes.of(traces, in: clipped)
        }

        /// Cuts, uploads (``OnDemandGenerator/uploads`` at once) and records the windows,
        /// announcing each in order.
        private mutating func store(
            _ windows: [ChunkWindow],
            traces: [Trace],
            emit: (DataEvent) async -> Void
        ) async -> GenerationFailure? {
            guard let rate else { return nil }
            let (logger, urls) = (generator.logger, urls)
            let storer = WindowStorer(store: generator.store, processor: generator.processor, logger: logger)
            let home = ChannelHome(sourceID: generator.query.sourceID, volcano: generator.query.volcano, sampleRate: rate)
            let report = await storer.store(windows, of: home, from: .success(traces), station: facts, uploads: generator.uploads) {
                outcome in
                let window = outcome.window
                let skip = { (reason: String) in
                    DataEvent.chunkSkipped(
                        kind: window.kind.rawValue,
                        start: window.window.start.iso8601(),
                        end: window.window.end.iso8601(),
                        reason: reason
                    )
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
                logger.error("on-demand day metadata not recorded", metadata: ["channel": "\(home.sourceID)", "error": "\(error)"])
                return GenerationFailure(message: "recording the day metadata failed")
            }
            storedCount += report.outcomes.filter(\.isInStore).count
            return nil
        }
    }
}
