import Logging
import Metrics
import Pipeline
import SeedCore

/// Whether a `/data` miss may start a generation: only for a channel the API knows
/// (``KnownChannels``, or something of it stored under that volcano in the request's month
/// or this month), so anonymous callers cannot make the API fetch or write arbitrary
/// channels, and only while ``GenerationSlots`` has a place.
struct MissAdmission: Sendable {
    /// The channels misses may generate without asking the store.
    let known: KnownChannels
    /// The channels' rates (and whether the store holds something of a channel).
    let rates: ChannelRates
    /// The generations running and waiting.
    let slots: GenerationSlots
    let logger: Logger

    /// The `Retry-After` of an `overloaded` refusal, in seconds.
    static let overloadRetryAfterSeconds = 5

    /// Refuses a miss for a channel the API does not know.
    /// - Throws: ``DataServiceError`` `unknownChannel` naming `volcano` or `channel`, or
    ///   `storeUnavailable`.
    func admit(_ query: DataQuery, lookup: DataLookup, now: UTCTime) async throws(DataServiceError) {
        guard known.knowsVolcano(query.volcano) else {
            throw refusal(
                field: "volcano",
                "unknown volcano \"\(query.volcano)\"; GET /api/stations lists the volcanoes this API serves"
            )
        }
        // A rate the lookup found comes from the catalog (listed) or from stored keys.
        if known.lists(query.home) || lookup.sampleRate != nil { return }
        if try await rates.isStored(query.home, near: now) { return }
        throw refusal(
            field: "channel",
            "\(query.sourceID) is not a channel of \(query.volcano) this API serves (configured, in the station catalog, or already stored); GET /api/stations lists them"
        )
    }

    /// Takes a place for a new generation (a running or a waiting one); pair with
    /// ``GenerationSlots/acquire()`` or ``GenerationSlots/cancelReservation()``.
    /// - Throws: ``DataServiceError`` `overloaded` (with `retryAfterSeconds`) when every place is taken.
    func reservePlace(for query: DataQuery) throws(DataServiceError) {
        guard !slots.reserve() else { return }
        Counter(label: "seiscache_data_generations_refused_total", dimensions: [("reason", "overloaded")]).increment()
        let load = slots.load
        logger.warning(
            "on-demand generation refused: every place is taken",
            metadata: ["channel": "\(query.sourceID)", "data.running": "\(load.running)", "data.waiting": "\(load.waiting)"]
        )
        throw DataServiceError(
            code: .overloaded,
            field: nil,
            message: "the server is generating \(load.running) ranges with \(load.waiting) waiting; try again shortly",
            retryAfterSeconds: Self.overloadRetryAfterSeconds
        )
    }

    private func refusal(field: String, _ message: String) -> DataServiceError {
        Counter(label: "seiscache_data_generations_refused_total", dimensions: [("reason", "unknown_channel")]).increment()
        return DataServiceError(code: .unknownChannel, field: field, message: message)
    }
}
