import ArgumentParser

/// `--log-level`, shared by the subcommands (``CronConfiguration`` reads it with `LOG_LEVEL`).
struct LogOptions: ParsableArguments {
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: LOG_LEVEL or info).")
    var logLevel: String?
}
