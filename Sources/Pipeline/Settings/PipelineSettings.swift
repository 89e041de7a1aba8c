package import AsyncHTTPClient
import ChunkStore
import Foundation
import NIOCore
import SeedCore
package import FDSN

/// The tick's and the FDSN client's configuration from the environment (000's variables and
/// DESIGN's additions), shared by `seiscron` and `seisapi` and validated once: the
/// executables exit 2 with the message, which names the variable.
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
            connect: .seconds(10), read: .nanoseconds(FDSNConfiguration.nanoseconds(readTimeout)))
        return configuration
    }

    /// Reads the settings.
    /// - Parameters:
    ///   - environment: the process environment (the executable passes it in).
    ///   - dryRun: fetch and process but write nothing.
    /// - Throws: ``FieldError`` naming the first unusable variable.
    package init(environment: [String: String], dryRun: Bool = false) throws(FieldError) {
        let variables = EnvironmentReader(environment)
        if let minutes = try variables.integer("IRIS_DELAY_MINUTES", 0...1440) { tick.delayMinutes = minutes }
        if let minutes = try variables.integer("CRON_DATA_DURATION_MINUTES", 1...1440) {
            guard let kind = ChunkKind(seconds: Int64(minutes) * 60) else {
                throw FieldError(
                    field: "CRON_DATA_DURATION_MINUTES",
                    message: "\(minutes) is not a chunk length: use \(ChunkKind.minutesList)")
            }
            tick.windowKind = kind
        }
        if let minutes = try variables.integer("CATCHUP_MINUTES", 0...10_080) { tick.lookBackMinutes = minutes }
        if let count = try variables.integer("CHECKPOINT_REBUILDS_PER_TICK", 0...100) {
            tick.maximumCheckpointRebuilds = count
        }
        if let interval = try variables.seconds("RETRY_INTERVAL_SECONDS", 0...3600) { tick.retryInterval = interval }
        if let window = try variables.seconds("RETRY_WINDOW_SECONDS", 0...3600) { tick.retryWindow = window }
        if let deadline = try variables.seconds("TICK_DEADLINE_SECONDS", 10...590) { tick.deadline = deadline }
        if let delay = try variables.seconds("REQUEST_DELAY_SECONDS", 0...60) { fdsn.requestDelay = delay }
        if let timeout = try variables.seconds("FDSN_READ_TIMEOUT_SECONDS", 1...600) { readTimeout = timeout }
        if let connections = try variables.integer("FDSN_MAX_CONNECTIONS", 1...10) { fdsn.maximumConnections = connections }
        if let base = try variables.httpURL("FDSN_BASE_URL") {
            fdsn.baseURL = base.hasSuffix("/") ? String(base.dropLast()) : base
        }
        tick.dryRun = dryRun
    }
}
