package import Logging
import Metrics
package import SeedCore
import ServiceLifecycle
package import WaveformSources

/// The one upstream SeedLink connection of a `seisapi` replica (`--live seedlink:HOST:PORT`):
/// follows the server's real-time stream for the configured channels (``SeedLinkSource``) and
/// adds each decoded record to ``LiveChannels`` — exactly the samples SeedCore decoded,
/// nothing processed. Reconnects, resumes, skips repeats and undecodable records as
/// `SeedLinkClient` does; runs until its task is cancelled.
package struct LiveFeed: Service {
    /// The SeedLink server and the client's timeouts (keepalive 30 s, read timeout 90 s,
    /// reconnects after 1 s doubling to 60 s).
    package let source: SeedLinkSource
    /// The channels followed.
    package let followed: [SourceID]
    /// Where each record goes.
    package let channels: LiveChannels
    let logger: Logger

    /// A feed of `followed` from `source` into `channels`.
    package init(source: SeedLinkSource, followed: [SourceID], into channels: LiveChannels, logger: Logger) {
        self.source = source
        self.followed = followed
        self.channels = channels
        self.logger = logger
    }

    /// Follows the stream until cancelled (then returns).
    package func run() async {
        let added = Counter(label: "seiscache_live_records_total")
        let skipped = Counter(label: "seiscache_live_records_skipped_total")
        for await record in source.records(of: followed, from: source.start, logger: logger) {
            guard let live = LiveRecord(record.trace) else {
                skipped.increment()
                logger.debug("live: record without integer samples skipped", metadata: ["channel": "\(record.channel)"])
                continue
            }
            added.increment()
            await channels.add(live)
        }
    }
}

extension LiveRecord {
    /// The record of a decoded trace of integer samples (what Steim and integer encodings
    /// give); `nil` for float samples, which `/live`'s `int32` frame cannot carry.
    package init?(_ trace: Trace) {
        guard case .int32(let samples) = trace.samples else { return nil }
        self.init(channel: trace.id, start: trace.startTime.nanoseconds, sampleRate: trace.sampleRate, samples: Array(samples))
    }
}
