import ChunkStore
import Pipeline
import SeedCore
import Synchronization

/// The sample rates `/data` files channels under, resolved once per channel and kept: the
/// station config's (``KnownChannels/configuredRate(of:)``), else the ``SampleRateResolver``'s
/// (the catalog's, else what the store's keys say). A channel whose rate nobody knows is
/// asked again next time (a generation may store it meanwhile).
final class ChannelRates: Sendable {
    private let resolver: SampleRateResolver
    private let known: KnownChannels
    /// Resolved rates by channel home (without rate).
    private let rates = Mutex<[ChannelHome: Double]>([:])

    init(catalog: StationCatalog, store: any ObjectStore, known: KnownChannels) {
        self.resolver = SampleRateResolver(catalog: catalog, store: store)
        self.known = known
    }

    /// The rate already resolved for the channel, without asking anyone.
    func cached(_ home: ChannelHome) -> Double? {
        rates.withLock { $0[home] }
    }

    /// Forgets the channel's rate (a generation that started without one stored data of it).
    func forget(_ home: ChannelHome) {
        rates.withLock { $0[home] = nil }
    }

    /// The channel's rate, resolved near `time` and kept once known.
    /// - Throws: ``DataServiceError`` `storeUnavailable` when the store had to be asked and failed.
    func rate(of home: ChannelHome, near time: UTCTime) async throws(DataServiceError) -> Double? {
        if let rate = cached(home) { return rate }
        // The config's rate rides on the home, as the tick's selected channels carry theirs:
        // the resolver keeps a home's own rate before asking the catalog and the store.
        var configured = home
        configured.sampleRate = known.configuredRate(of: home)
        let resolved: ChannelHome
        do {
            resolved = try await resolver.resolve(configured, near: time)
        } catch {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        }
        if let rate = resolved.sampleRate { rates.withLock { $0[home] = rate } }
        return resolved.sampleRate
    }

    /// Whether the store holds something of the channel in the month of `time` (its keys
    /// carry a rate).
    /// - Throws: ``DataServiceError`` `storeUnavailable`.
    func isStored(_ home: ChannelHome, near time: UTCTime) async throws(DataServiceError) -> Bool {
        do {
            return try await resolver.storedRate(of: home, near: time) != nil
        } catch {
            throw DataServiceError(code: .storeUnavailable, field: nil, message: "the store failed: \(error)")
        }
    }
}
