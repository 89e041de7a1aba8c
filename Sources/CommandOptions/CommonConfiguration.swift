package import Logging
package import Pipeline
package import WaveformSources

/// What both executables are configured with alike: the log level, the pipeline's settings,
/// the store, the source, the station catalog and the channels the station config selects
/// from it. A plain value: ``ConfigurationReader`` builds it from the environment and the
/// flags; its parts go to the libraries as their own configuration values.
package struct CommonConfiguration: Sendable {
    /// `--log-level`, else `LOG_LEVEL`, else the command's default.
    package var logLevel: Logger.Level = .info
    /// The tick's and FDSN's variables (``PipelineSettings/variables``).
    package var pipeline = PipelineSettings()
    /// R2, S3 or the local directory (`--data-dir`).
    package var store: StoreConfiguration = .local(root: StoreConfiguration.defaultLocalRoot)
    /// `--source`.
    package var source: SourceChoice = .fdsn
    /// The station catalog the channels are selected from (the process's composition root
    /// passes the shipped one; no library reads a global catalog).
    package var catalog: StationCatalog
    /// The channels the station config (`--config`, default the shipped 15) selects.
    package var channels: [SelectedChannel] = []
    /// The config's volcanoes it selects no channel of, with the reason (a warning, not an
    /// error: the other volcanoes are still stored).
    package var volcanoesWithoutChannels: [VolcanoWithoutChannels] = []

    /// The defaults on `catalog`.
    package init(catalog: StationCatalog) { self.catalog = catalog }

    /// Sends logs to standard error at ``logLevel`` (once per process).
    /// - Returns: the command's logger.
    package func bootstrapLogging(label: String) -> Logger {
        Self.bootstrapLogging(label: label, level: logLevel)
    }

    /// Sends logs to standard error at `level` (once per process).
    /// - Returns: a logger labelled `label`.
    package static func bootstrapLogging(label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Bootstraps logging, builds the HTTP client, store and source, and runs `body` with
    /// them; the HTTP client is shut down on every path.
    package func withRuntime<T>(
        label: String,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (_ runtime: PipelineRuntime, _ logger: Logger) async throws -> T
    ) async throws -> T {
        let logger = bootstrapLogging(label: label)
        return try await PipelineRuntime.run(settings: pipeline, store: store, source: source, logger: logger) {
            try await body($0, logger)
        }
    }
}
