import ArgumentParser
import ChunkStore
import Foundation
import Logging
import Pipeline

/// Everything a `seiscron` command is configured with, read once from the environment and
/// the command's flags: the log level, the pipeline's settings (windows, retries, deadline,
/// FDSN), the store, the waveform source and the selected channels. The composition root:
/// ``withRuntime(label:_:)`` builds what the commands run on (logging, the HTTP client, the
/// store, the source) in this one place.
struct CronConfiguration: Sendable {
    /// `--log-level`, else `LOG_LEVEL`, else the command's default.
    var logLevel: Logger.Level
    /// The tick's and FDSN's variables (`IRIS_DELAY_MINUTES`, `FDSN_BASE_URL`, ...).
    var pipeline: PipelineSettings
    /// R2, S3 or the local directory (`--data-dir`).
    var store: StoreConfiguration
    /// `--source`.
    var source: SourceChoice
    /// The channels the station config (`--config`, default the shipped 15) selects.
    var channels: [SelectedChannel]
    /// The config's volcanoes it selects no channel of, with the reason (a warning, not an
    /// error: the other volcanoes are still stored).
    var volcanoesWithoutChannels: [VolcanoWithoutChannels]

    /// Reads the configuration; anything unusable is printed as one `error: configuration:`
    /// line naming the variable, flag or JSON field, and the command exits 2.
    /// - Parameters:
    ///   - logLevel: `--log-level`.
    ///   - defaultLogLevel: the level without flag or `LOG_LEVEL`.
    ///   - dataDirectory: `--data-dir`.
    ///   - source: `--source`.
    ///   - stationConfig: `--config`.
    ///   - dryRun: `--dry-run`.
    ///   - environment: the process environment.
    init(
        logLevel flag: String? = nil, defaultLogLevel: Logger.Level = .info, dataDirectory: String? = nil,
        source: SourceChoice = .fdsn, stationConfig: String? = nil, dryRun: Bool = false,
        environment: [String: String] = ProcessEnvironment.all
    ) throws(ExitCode) {
        do {
            logLevel = try EnvironmentReader(environment).logLevel(flag: flag, fallback: defaultLogLevel)
            pipeline = try PipelineSettings(environment: environment, dryRun: dryRun)
            store = try StoreConfiguration.fromEnvironment(environment, dataDirectory: dataDirectory)
            let stations = try StationConfig(contentsOfFile: stationConfig)
            channels = try stations.select(from: .bundled)
            volcanoesWithoutChannels = stations.volcanoesWithoutChannels(in: .bundled)
        } catch {
            FileHandle.standardError.write(Data("error: configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
        self.source = source
    }

    /// The logger of a command that reads only local files (`inspect`, `process`): only the
    /// log level is read, so a half-configured store or station config does not stop it.
    /// - Throws: `ExitCode(2)` after naming a bad `LOG_LEVEL` / `--log-level`.
    static func localFilesLogger(
        logLevel flag: String?, label: String, environment: [String: String] = ProcessEnvironment.all
    ) throws(ExitCode) -> Logger {
        let level: Logger.Level
        do {
            level = try EnvironmentReader(environment).logLevel(flag: flag, fallback: .info)
        } catch {
            FileHandle.standardError.write(Data("error: configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
        return bootstrapLogging(label: label, level: level)
    }

    /// Sends logs to standard error at ``logLevel`` (once per process).
    /// - Returns: the command's logger.
    func bootstrapLogging(label: String) -> Logger {
        Self.bootstrapLogging(label: label, level: logLevel)
    }

    private static func bootstrapLogging(label: String, level: Logger.Level) -> Logger {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    /// Bootstraps logging, builds the HTTP client, store and source, and runs `body` with
    /// them; the HTTP client is shut down on every path.
    func withRuntime<T>(
        label: String, isolation: isolated (any Actor)? = #isolation,
        _ body: (_ runtime: PipelineRuntime, _ logger: Logger) async throws -> T
    ) async throws -> T {
        let logger = bootstrapLogging(label: label)
        return try await PipelineRuntime.run(settings: pipeline, store: store, source: source, logger: logger) {
            try await body($0, logger)
        }
    }
}
