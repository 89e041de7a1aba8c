package import ArgumentParser
import Foundation
package import Logging
package import Pipeline

/// Builds the executables' configuration values from an environment, the parsed flags and a
/// station catalog: the one reader of both executables. Values declare their variables
/// (``ConfigurationVariable``); this applies them, resolves the flags over the variables and
/// selects the channels. Tests pass an environment dictionary, never the process's.
package struct ConfigurationReader: Sendable {
    /// The variables.
    package var environment: EnvironmentReader
    /// The catalog station configs select from.
    package var catalog: StationCatalog

    /// A reader of `environment` selecting from `catalog`.
    package init(environment: [String: String], catalog: StationCatalog) {
        self.environment = EnvironmentReader(environment)
        self.catalog = catalog
    }

    /// The process's environment and the shipped catalog: what the composition roots read.
    package static var process: Self { Self(environment: ProcessEnvironment.all, catalog: .bundled) }

    /// The log level: `flag` (`--log-level`) when given, else `LOG_LEVEL`, else `fallback`.
    /// - Throws: ``FieldError`` naming `--log-level` or `LOG_LEVEL`.
    package func logLevel(flag: String?, fallback: Logger.Level = .info) throws(FieldError) -> Logger.Level {
        try environment.logLevel(flag: flag, fallback: fallback)
    }

    /// The shared configuration.
    /// - Throws: ``FieldError`` naming the variable, flag or JSON field, or
    ///   `S3ConfigurationError` naming the store variable.
    package func common(_ flags: CommonFlags = CommonFlags()) throws -> CommonConfiguration {
        var configuration = CommonConfiguration(catalog: catalog)
        configuration.logLevel = try logLevel(flag: flags.logLevel, fallback: flags.defaultLogLevel)
        try environment.read(PipelineSettings.variables, into: &configuration.pipeline)
        configuration.pipeline.tick.dryRun = flags.dryRun
        configuration.store = try StoreConfiguration.fromEnvironment(
            environment.environment,
            dataDirectory: flags.dataDirectory
        )
        configuration.source = flags.source
        let stations = try StationConfig(contentsOfFile: flags.stationConfig)
        configuration.channels = try stations.select(from: catalog)
        configuration.volcanoesWithoutChannels = stations.volcanoesWithoutChannels(in: catalog)
        return configuration
    }
}

/// How an executable refuses its configuration: one `error: configuration:` line naming the
/// variable, flag or JSON field and what is accepted, then exit status 2.
package enum ConfigurationExit {
    /// Runs `read`; on an error prints it and exits 2.
    /// - Throws: `ExitCode(2)`.
    package static func reading<T>(_ read: () throws -> T) throws(ExitCode) -> T {
        do {
            return try read()
        } catch {
            FileHandle.standardError.write(Data("error: configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The process's shared configuration (``ConfigurationReader/process``).
    /// - Throws: `ExitCode(2)` after naming what is wrong.
    package static func common(_ flags: CommonFlags) throws(ExitCode) -> CommonConfiguration {
        try reading { try ConfigurationReader.process.common(flags) }
    }

    /// The logger of a command that reads only local files (`inspect`, `process`): only the
    /// log level is read, so a half-configured store or station config does not stop it.
    /// - Throws: `ExitCode(2)` after naming a bad `LOG_LEVEL` / `--log-level`.
    package static func localFilesLogger(logLevel flag: String?, label: String) throws(ExitCode) -> Logger {
        let level = try reading { try ConfigurationReader.process.logLevel(flag: flag) }
        return CommonConfiguration.bootstrapLogging(label: label, level: level)
    }
}
