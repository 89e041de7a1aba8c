package import AsyncHTTPClient
import ChunkStore
package import WaveformSources
import Foundation
import NIOCore
import SeedCore

/// The tick's and the FDSN client's configuration (000's variables and DESIGN's additions),
/// shared by `seiscron` and `seisapi`: a plain value whose defaults are its properties'; the
/// executables read it with ``EnvironmentReader/read(_:over:)`` and ``variables`` and exit 2
/// with the message, which names the variable.
package struct PipelineSettings: Sendable {
    /// Windows, delays, retries (`IRIS_DELAY_MINUTES`, `CRON_DATA_DURATION_MINUTES`,
    /// `CATCHUP_MINUTES`, `CHECKPOINT_REBUILDS_PER_TICK`, `RETRY_INTERVAL_SECONDS`,
    /// `RETRY_WINDOW_SECONDS`, `TICK_DEADLINE_SECONDS`).
    package var tick = TickConfiguration()
    /// The FDSN service (`FDSN_BASE_URL`, `REQUEST_DELAY_SECONDS`, `FDSN_MAX_CONNECTIONS`).
    package var fdsn = FDSNConfiguration()

    /// The longest silence while a response is being read (`FDSN_READ_TIMEOUT_SECONDS`):
    /// a server that accepts but stops sending fails the attempt instead of holding it.
    /// Default 30 s.
    package var readTimeout: Duration = .seconds(30)

    /// The process's one HTTP client configuration (FDSN and the S3 store): redirects keep
    /// POST bodies (the old service.iris.edu host answers bulk POSTs with a redirect to
    /// service.earthscope.org), connecting is limited to 10 s and a silent read to
    /// ``readTimeout``.
    package var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = FDSNClient.redirectConfiguration
        configuration.timeout = HTTPClient.Configuration.Timeout(
            connect: .seconds(10),
            read: .nanoseconds(FDSNConfiguration.nanoseconds(readTimeout))
        )
        return configuration
    }

    /// The defaults (each declared on its property: ``TickConfiguration``, ``FDSNConfiguration``,
    /// ``readTimeout``).
    package init() {}

    /// The variables both executables read into the settings, in the order they are checked.
    package static var variables: [ConfigurationVariable<Self>] {
        [
            .integer("IRIS_DELAY_MINUTES", 0...1440, \.tick.delayMinutes, "minutes data needs to reach the FDSN service"),
            ConfigurationVariable(
                "CRON_DATA_DURATION_MINUTES",
                \.tick.windowKind,
                "the window every tick stores: \(ChunkKind.minutesList)",
                parse: { text throws(FieldError) in
                    let minutes = try Parse.integer(text, "CRON_DATA_DURATION_MINUTES", 1...1440)
                    guard let kind = ChunkKind(seconds: Int64(minutes) * 60) else {
                        throw FieldError(
                            field: "CRON_DATA_DURATION_MINUTES",
                            message: "\(minutes) is not a chunk length: use \(ChunkKind.minutesList)")
                    }
                    return kind
                },
                show: { $0.seconds.map { "\($0 / 60)" } }
            ),
            .integer("CATCHUP_MINUTES", 0...10_080, \.tick.lookBackMinutes, "missing windows this far back are fetched again"),
            .integer(
                "CHECKPOINT_REBUILDS_PER_TICK",
                0...100,
                \.tick.maximumCheckpointRebuilds,
                "missing 6h checkpoints of the last 24 hours rebuilt per tick (0: none)"
            ),
            .seconds("RETRY_INTERVAL_SECONDS", 0...3600, \.tick.retryInterval, "retry pass k starts k times this after the first"),
            .seconds("RETRY_WINDOW_SECONDS", 0...3600, \.tick.retryWindow, "retry passes are scheduled within this span"),
            .seconds("TICK_DEADLINE_SECONDS", 10...590, \.tick.deadline, "the whole tick's limit"),
            .seconds("REQUEST_DELAY_SECONDS", 0...60, \.fdsn.requestDelay, "pause between FDSN requests"),
            .seconds("FDSN_READ_TIMEOUT_SECONDS", 1...600, \.readTimeout, "longest silence while reading an FDSN or S3 response"),
            .integer("FDSN_MAX_CONNECTIONS", 1...10, \.fdsn.maximumConnections, "concurrent FDSN requests"),
            ConfigurationVariable(
                "FDSN_BASE_URL",
                \.fdsn.baseURL,
                "the FDSN web service",
                parse: { text throws(FieldError) in
                    let base = try Parse.httpURL(text, "FDSN_BASE_URL")
                    return base.hasSuffix("/") ? String(base.dropLast()) : base
                },
                show: { $0 }
            ),
        ]
    }
}
