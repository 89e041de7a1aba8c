package import Logging
import Metrics
package import SeedCore
import SeedLink
import ServiceLifecycle

/// The one upstream SeedLink connection of a `seisapi` replica (`--live seedlink:HOST:PORT`):
/// follows the server's real-time stream for the configured channels and adds each decoded
/// record to ``LiveChannels`` — exactly the samples SeedCore decoded, nothing processed.
/// Reconnects, resumes, skips repeats and undecodable records as ``SeedLinkClient`` does; runs
/// until its task is cancelled.
package struct LiveFeed: Service {
    let client: SeedLinkClient
    /// Where each record goes.
    package let channels: LiveChannels
    let logger: Logger

    /// A feed of `followed` from the SeedLink server at `host:port` into `channels`, with the
    /// SeedLink client's timeouts (keepalive 30 s, read timeout 90 s, reconnects 1 s doubling
    /// to 60 s).
    package init(host: String, port: Int, followed: [SourceID], into channels: LiveChannels, logger: Logger) {
        self.client = SeedLinkClient(
            configuration: SeedLinkClient.Configuration(host: host, port: port),
            selection: SeedLinkSelection(channels: followed), logger: logger)
        self.channels = channels
        self.logger = logger
    }

    /// Follows the stream until cancelled (then returns).
    package func run() async throws {
        let records = Counter(label: "seiscache_live_records_total")
        let skipped = Counter(label: "seiscache_live_records_skipped_total")
        do {
            try await client.follow { [channels, logger] record, _ in
                guard let live = LiveRecord(record.trace) else {
                    skipped.increment()
                    logger.debug(
                        "live: record without integer samples skipped",
                        metadata: ["channel": "\(record.channel)", "seedlink.sequence": "\(record.sequence)"])
                    return
                }
                records.increment()
                await channels.add(live)
            }
        } catch is CancellationError {
            return
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
