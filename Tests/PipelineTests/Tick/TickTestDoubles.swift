import ChunkStore
import Logging
import Pipeline
import SeedCore
import Synchronization
import TestSupport
import WaveformSources

/// A source whose first responses lose their second half (data arriving late at the
/// service), then answers in full.
final class FlakySource: WaveformSource {
    let source: any WaveformSource
    let remainingCuts: Mutex<Int>

    init(wrapping source: any WaveformSource, cutFirstResponses: Int) {
        self.source = source
        remainingCuts = Mutex(cutFirstResponses)
    }

    var displayName: String { "flaky \(source.displayName)" }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        let bytes = try await source.fetch(requests, logger: logger)
        let cut = remainingCuts.withLock { remaining -> Bool in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        guard cut else { return bytes }
        // Keep the records of each channel that start before the window's middle.
        let index = MiniSEEDReader().index(bytes).records
        var kept: [UInt8] = []
        for record in index {
            let request = requests.first { $0.channel == record.header.sourceID }
            let middle = request.map { $0.window.start.adding(seconds: $0.window.seconds / 2) }
            if let middle, record.header.startTime >= middle { continue }
            kept += bytes[record.byteRange]
        }
        return kept
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
}

/// A store whose writes fail for some keys (a crash or outage between two writes).
struct FailingStore: ObjectStore {
    let store: any ObjectStore
    let fails: @Sendable (String) -> Bool

    init(store: any ObjectStore, fails: @escaping @Sendable (String) -> Bool) {
        self.store = store
        self.fails = fails
    }

    var displayName: String { "failing \(store.displayName)" }

    func get(_ key: String, range: ClosedRange<Int>?) async throws(ObjectStoreError) -> StoredObject {
        try await store.get(key, range: range)
    }

    func head(_ key: String) async throws(ObjectStoreError) -> ObjectInfo { try await store.head(key) }

    func put(_ key: String, body: [UInt8], options: PutOptions) async throws(ObjectStoreError) -> ETag {
        if fails(key) { throw ObjectStoreError(code: .failed, key: key, message: "injected failure") }
        return try await store.put(key, body: body, options: options)
    }

    func delete(_ key: String) async throws(ObjectStoreError) { try await store.delete(key) }

    func list(prefix: String, delimiter: String?, continuationToken: String?, maxKeys: Int)
        async throws(ObjectStoreError) -> ObjectListing
    {
        try await store.list(prefix: prefix, delimiter: delimiter, continuationToken: continuationToken, maxKeys: maxKeys)
    }
}

/// A source whose every fetch takes `fetchTime` on a ``ManualClock`` (a slow FDSN service),
/// recording when each fetch started.
final class ClockedSource: WaveformSource {
    let source: any WaveformSource
    let clock: ManualClock
    let fetchTime: Duration
    private let starts = Mutex([Duration]())

    init(wrapping source: any WaveformSource, clock: ManualClock, fetchTime: Duration) {
        self.source = source
        self.clock = clock
        self.fetchTime = fetchTime
    }

    var displayName: String { "clocked \(source.displayName)" }

    /// The clock's offsets at which fetches started.
    var fetchStarts: [Duration] { starts.withLock { $0 } }

    func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        starts.withLock { $0.append(clock.now.offset) }
        clock.advance(by: fetchTime)
        return try await source.fetch(requests, logger: logger)
    }

    func stationFacts(for channels: [SourceID], logger: Logger) async -> [SourceID: StationFacts] { [:] }
}
