package import ChunkStore
package import Logging
package import SeedCore
package import Pipeline

/// Builds ``StationListing``s: the configured channels with what the store holds of each,
/// found by listing only the channels' own month folders (`data/` → years → months → the
/// channel folder), never the whole bucket. Holdings are reused for `cacheTTL`, and
/// concurrent requests for expired holdings share one listing.
package actor StationListingService {
    let store: any ObjectStore
    let channels: [SelectedChannel]
    let catalog: StationCatalog
    let cacheTTL: Duration
    let width: Int
    let logger: Logger
    /// The time holdings are reused by (a manual clock in tests).
    private let stopwatch: Stopwatch
    private var holdings: (at: Duration, spans: [SourceID: [String: StationListing.StoredSpan]])?
    private var waiters: [CheckedContinuation<Result<[SourceID: [String: StationListing.StoredSpan]], ObjectStoreError>, Never>]?

    /// Creates the service.
    /// - Parameters:
    ///   - store: where the chunks are.
    ///   - channels: the configured channels.
    ///   - catalog: volcano names and coordinates.
    ///   - cacheTTL: how long holdings are reused. Default 30 s.
    ///   - width: listings in flight at once. Default 8.
    ///   - logger: where listings are logged (debug).
    ///   - clock: the time `cacheTTL` is counted on. Default the system's.
    package init(
        store: any ObjectStore, channels: [SelectedChannel], catalog: StationCatalog, cacheTTL: Duration = .seconds(30),
        width: Int = 8, logger: Logger, clock: any Clock<Duration> = ContinuousClock()
    ) {
        stopwatch = Stopwatch(clock)
        self.store = store
        self.channels = channels
        self.catalog = catalog
        self.cacheTTL = cacheTTL
        self.width = max(1, width)
        self.logger = logger
    }

    /// The listing.
    /// - Parameters:
    ///   - now: the clock (for `generated_at`).
    ///   - newestAvailable: the newest data there can be (``DataService/availableEnd(now:)``).
    ///   - source: where misses are generated from (the player names it). Default none.
    /// - Throws: the store's error when a listing failed.
    package func listing(
        now: UTCTime, newestAvailable: UTCTime, source: StationListing.Source? = nil
    ) async throws(ObjectStoreError) -> StationListing {
        let spans = try await currentHoldings()
        let volcanoKeys = channels.reduce(into: [String]()) { keys, channel in
            if !keys.contains(channel.volcano) { keys.append(channel.volcano) }
        }
        let volcanoes = volcanoKeys.compactMap { key in
            catalog.volcanoes[key].map {
                StationListing.Volcano(
                    key: key, name: StationListing.Volcano.displayName(key: key, catalogName: $0.name), region: $0.region,
                    latitude: $0.lat, longitude: $0.lon)
            }
        }
        let stations = channels.map { channel in
            let id = channel.sourceID
            return StationListing.Station(
                id: id.description, network: id.network, station: id.station, location: id.location, channel: id.channel,
                volcano: channel.volcano, distanceKm: channel.distanceKm, sampleRate: channel.sampleRate,
                dataType: channel.dataType.rawValue, cached: spans[id]?[channel.volcano])
        }
        return StationListing(
            volcanoes: volcanoes, stations: stations, source: source, newestAvailable: newestAvailable.iso8601(),
            generatedAt: now.iso8601())
    }

    /// Fresh holdings, or the ones a concurrent caller is listing.
    private func currentHoldings() async throws(ObjectStoreError) -> [SourceID: [String: StationListing.StoredSpan]] {
        if let holdings, stopwatch.elapsed - holdings.at < cacheTTL { return holdings.spans }
        if waiters != nil {
            let result = await withCheckedContinuation { waiters?.append($0) }
            return try result.get()
        }
        waiters = []
        let result: Result<[SourceID: [String: StationListing.StoredSpan]], ObjectStoreError>
        do {
            result = .success(try await list())
        } catch {
            result = .failure(error)
        }
        if case .success(let spans) = result { holdings = (stopwatch.elapsed, spans) }
        for waiter in waiters ?? [] { waiter.resume(returning: result) }
        waiters = nil
        return try result.get()
    }

    /// Lists the month folders of every channel.
    private func list() async throws(ObjectStoreError) -> [SourceID: [String: StationListing.StoredSpan]] {
        let started = ContinuousClock.now
        var months: [(year: Int, month: Int)] = []
        for year in try await store.listAll(prefix: "data/", delimiter: "/").commonPrefixes {
            guard let y = Self.number(year, after: "data/") else { continue }
            for month in try await store.listAll(prefix: year, delimiter: "/").commonPrefixes {
                if let m = Self.number(month, after: year), (1...12).contains(m) { months.append((y, m)) }
            }
        }
        let folders = channels.flatMap { channel in
            months.compactMap { month -> (SelectedChannel, String)? in
                (try? channel.home.folder(year: month.year, month: month.month)).map { (channel, $0) }
            }
        }
        var found: [(SelectedChannel, [ObjectInfo])] = []
        let store = store
        let outcome: Result<Void, ObjectStoreError> = await withTaskGroup(
            of: Result<(SelectedChannel, [ObjectInfo]), ObjectStoreError>.self
        ) { group in
            var next = folders.makeIterator()
            func addNext() -> Bool {
                guard let (channel, folder) = next.next() else { return false }
                group.addTask {
                    do throws(ObjectStoreError) {
                        return .success((channel, try await store.listAll(prefix: folder, delimiter: "/").objects))
                    } catch {
                        return .failure(error)
                    }
                }
                return true
            }
            for _ in 0..<width where addNext() {}
            while let listed = await group.next() {
                switch listed {
                case .success(let pair): found.append(pair)
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                _ = addNext()
            }
            return .success(())
        }
        try outcome.get()
        var spans: [SourceID: [String: StationListing.StoredSpan]] = [:]
        var windows: [SourceID: [String: [TimeWindow]]] = [:]
        for (channel, objects) in found {
            var days = Set<String>()
            var chunks = 0
            var latestEnd: UTCTime?
            for object in objects {
                if let key = try? ChunkKey(key: object.key) {
                    chunks += 1
                    latestEnd = max(latestEnd ?? key.end, key.end)
                    windows[channel.sourceID, default: [:]][channel.volcano, default: []].append(key.window)
                } else if let key = try? DayMetadataKey(key: object.key) {
                    days.insert(key.day.description)
                }
            }
            guard !days.isEmpty || chunks > 0 else { continue }
            var span = spans[channel.sourceID]?[channel.volcano]
                ?? StationListing.StoredSpan(days: 0, firstDay: "9999-12-31", lastDay: "0000-01-01", chunks: 0, latestEnd: nil)
            span.days += days.count
            span.chunks += chunks
            if let first = days.min(), first < span.firstDay { span.firstDay = first }
            if let last = days.max(), last > span.lastDay { span.lastDay = last }
            if let latestEnd, span.latestEnd.map({ latestEnd.iso8601() > $0 }) ?? true { span.latestEnd = latestEnd.iso8601() }
            spans[channel.sourceID, default: [:]][channel.volcano] = span
        }
        for (id, byVolcano) in windows {
            for (volcano, stored) in byVolcano {
                spans[id]?[volcano]?.newestRunStart = Self.newestRunStart(stored)?.iso8601()
            }
        }
        logger.debug(
            "station holdings listed",
            metadata: ["stations.folders": "\(folders.count)", "stations.seconds": "\(ContinuousClock.now - started)"])
        return spans
    }

    /// The start of the newest stretch the windows cover without a hole (they may overlap).
    static func newestRunStart(_ windows: [TimeWindow]) -> UTCTime? {
        let sorted = windows.sorted { $0.start < $1.start }
        guard var run = sorted.first else { return nil }
        for window in sorted.dropFirst() {
            if window.start <= run.end {
                run = TimeWindow(start: run.start, end: max(run.end, window.end))
            } else {
                run = window
            }
        }
        return run.start
    }

    /// The number in `prefix` after `parent` (`data/2025/` after `data/` → 2025).
    static func number(_ prefix: String, after parent: String) -> Int? {
        guard prefix.hasPrefix(parent) else { return nil }
        return Int(prefix.dropFirst(parent.count).dropLast(prefix.hasSuffix("/") ? 1 : 0))
    }
}
