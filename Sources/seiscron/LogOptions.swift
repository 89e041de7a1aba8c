import ArgumentParser
import Logging

/// Logging set-up shared by the subcommands: `LOG_LEVEL` or `--log-level`, to standard error.
struct LogOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: LOG_LEVEL or info).")
    var logLevel: String?

    func bootstrap(label: String) throws -> Logger {
        let text = logLevel ?? ProcessEnvironment.value("LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("log level '\(text)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
