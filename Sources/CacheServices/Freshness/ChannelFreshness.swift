package import ChunkStore
import Foundation
package import Logging
package import SeedCore

/// How fresh each configured channel's stored data is: the age of its newest stored sample,
/// read from the day metadata of today and, when today has nothing yet, yesterday (two reads
/// per channel at most). `/health` lists the channels older than ``staleAfter`` and `/metrics`
/// exports every age as the gauge ``gaugeName``, so the operator's Prometheus or Railway
/// monitor alerts on a station outage (000's phase 2). Readings are reused for ``cacheTTL``.
package actor ChannelFreshness {
    /// One channel's freshness.
    package struct Reading: Sendable, Hashable, Encodable {
        /// `NET.STA.LOC.CHA`.
        package var channel: String
        package var volcano: String
        /// The newest stored sample (ISO 8601), `nil` when today and yesterday hold nothing.
        package var newestSample: String?
        /// Seconds since the newest stored sample; without one, since yesterday 00:00 UTC
        /// (a lower bound: nothing was stored since).
        package var ageSeconds: Double
        /// Whether the age is over ``ChannelFreshness/staleAfter``.
        package var stale: Bool

        enum CodingKeys: String, CodingKey {
            case channel, volcano, stale
            case newestSample = "newest_sample"
            case ageSeconds = "age_seconds"
        }

        /// Writes `newest_sample` as `null` when there is none (not left out).
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(channel, forKey: .channel)
            try c.encode(volcano, forKey: .volcano)
            if let newestSample { try c.encode(newestSample, forKey: .newestSample) } else { try c.encodeNil(forKey: .newestSample) }
            try c.encode(ageSeconds, forKey: .ageSeconds)
            try c.encode(stale, forKey: .stale)
        }
    }

    /// The gauge `/metrics` exports per channel (`channel`, `volcano` labels), and its help text.
    package static let gaugeName = "seiscache_channel_newest_sample_age_seconds"
    package static let gaugeHelp = "Seconds since the newest stored sample of a configured channel"

    let store: any ObjectStore
    let channels: [ChannelHome]
    /// Older than this is stale (`STALE_AFTER_MINUTES`, default 40: a tick every 10 minutes
    /// stores a window 12–22 minutes after it ended, so two missed ticks).
    package let staleAfter: Duration
    /// How long readings are reused.
    let cacheTTL: Duration
    let now: @Sendable () -> UTCTime
    let logger: Logger
    /// The time readings are reused by (a manual clock in tests).
    private let stopwatch: Stopwatch
    private var last: (readings: [Reading], at: Duration)?

    /// Creates a monitor of `channels` (those without a known rate are left out: their keys
    /// cannot be named).
    package init(
        store: any ObjectStore,
        channels: [ChannelHome],
        staleAfter: Duration,
        cacheTTL: Duration,
        now: @escaping @Sendable () -> UTCTime,
        logger: Logger,
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        stopwatch = Stopwatch(clock)
        self.store = store
        self.channels = channels.filter { $0.sampleRate != nil }
        self.staleAfter = staleAfter
        self.cacheTTL = cacheTTL
        self.now = now
        self.logger = logger
    }

    /// Every channel's reading, in the channels' order, read now unless readings less than
    /// ``cacheTTL`` old are at hand.
    package func readings() async -> [Reading] {
        let instant = stopwatch.elapsed
        if let last, instant - last.at < cacheTTL { return last.readings }
        let time = now()
        let newest = await withTaskGroup(of: (Int, UTCTime?).self) { group in
            for (index, channel) in channels.enumerated() {
                group.addTask { [store, logger] in (index, await Self.newestSample(of: channel, at: time, store: store, logger: logger)) }
            }
            var found = [UTCTime?](repeating: nil, count: channels.count)
            for await (index, time) in group { found[index] = time }
            return found
        }
        let floor = CalendarDay(containing: time).start.adding(seconds: -86_400)
        let limit = Double(staleAfter.components.seconds)
        let readings = zip(channels, newest).map { channel, newest in
            let age = Double((time.nanoseconds - (newest ?? floor).nanoseconds)) / 1e9
            return Reading(
                channel: "\(channel.sourceID)",
                volcano: channel.volcano,
                newestSample: newest?.iso8601(fractionDigits: 6),
                ageSeconds: age,
                stale: age > limit
            )
        }
        last = (readings, instant)
        return readings
    }

    /// The channels whose newest sample is older than ``staleAfter``.
    package func stale() async -> [Reading] { await readings().filter(\.stale) }

    /// The newest sample the day metadata of `time`'s day (else the day before) records: the
    /// latest entry end of any kind, less one sample period.
    static func newestSample(
        of channel: ChannelHome,
        at time: UTCTime,
        store: any ObjectStore,
        logger: Logger
    ) async
        -> UTCTime?
    {
        guard let rate = channel.sampleRate, let key = try? channel.channelKey() else { return nil }
        let today = CalendarDay(containing: time)
        for day in [today, CalendarDay(containing: today.start.adding(seconds: -1))] {
            let metadataKey = DayMetadataKey(channel: key, day: day)
            do {
                guard let object = try await store.getIfPresent(metadataKey.key) else { continue }
                let metadata = try DayMetadata(json: object.body)
                guard let end = metadata.allEntries.compactMap(\.entry.endSecond).max() else { continue }
                return day.start.adding(seconds: Int64(end)).adding(nanoseconds: -Int64((1e9 / rate).rounded()))
            } catch {
                logger.warning("freshness: day metadata unreadable", metadata: ["metadata.key": "\(metadataKey)", "error": "\(error)"])
            }
        }
        return nil
    }
}
