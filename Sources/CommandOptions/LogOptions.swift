package import ArgumentParser
import Logging

/// `--log-level`, shared by the commands (``ConfigurationReader`` reads it with `LOG_LEVEL`).
package struct LogOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Log level: \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")) (default: LOG_LEVEL or \(CommonFlags().defaultLogLevel))."
        )
    )
    package var logLevel: String?

    package init() {}
}
