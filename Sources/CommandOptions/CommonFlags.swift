package import Logging
package import WaveformSources

/// The flags both executables share, as plain values (``PipelineOptions`` parses them;
/// tests build them directly): what ``ConfigurationReader/common(_:)`` reads besides the
/// environment. Every property's default is the flag's default.
package struct CommonFlags: Sendable {
    /// `--log-level`.
    package var logLevel: String?
    /// The level without `--log-level` or `LOG_LEVEL` (`seiscron store` is quieter).
    package var defaultLogLevel: Logger.Level = .info
    /// `--data-dir`.
    package var dataDirectory: String?
    /// `--config`.
    package var stationConfig: String?
    /// `--source`.
    package var source: SourceChoice = .fdsn
    /// `--dry-run`.
    package var dryRun = false

    /// Creates the flags; every argument has the flag's default.
    package init(
        logLevel: String? = nil,
        defaultLogLevel: Logger.Level = .info,
        dataDirectory: String? = nil,
        stationConfig: String? = nil,
        source: SourceChoice = .fdsn,
        dryRun: Bool = false
    ) {
        self.logLevel = logLevel
        self.defaultLogLevel = defaultLogLevel
        self.dataDirectory = dataDirectory
        self.stationConfig = stationConfig
        self.source = source
        self.dryRun = dryRun
    }
}
