import ArgumentParser
import Foundation
import Logging
import Pipeline
import SeedCore

/// `seiscron run`: one cron tick.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one cron tick: fetch the newest window of every configured channel and store it.",
        discussion: """
            Windows come from the clock's 10-minute slot (IRIS_DELAY_MINUTES, default 2): at 22:12 the
            tick stores 22:00-22:10, at the first ticks after 00/06/12/18 UTC also the previous 6 hours,
            and it re-fetches 10-minute windows of the last CATCHUP_MINUTES (default 120) missing from
            the day metadata, and rebuilds the 6-hour checkpoints of the last 24 hours missing from it
            (at most CHECKPOINT_REBUILDS_PER_TICK, default 6, per tick). Incomplete channels are retried
            at RETRY_INTERVAL_SECONDS (30) intervals after the first pass while within
            RETRY_WINDOW_SECONDS (120): 4 retries, at 30, 60, 90 and 120 s. A volcano the station config
            selects no channel of is a warning. Exit status: 0 every channel stored, 1 some channels
            failed or stayed incomplete, 2 bad configuration.
            """
    )

    @Option(help: "The tick's time, ISO 8601 UTC (1970-2100; default: now), e.g. 2025-11-04T22:12:00Z.")
    var at: UTCTime?

    @Option(help: "Station config JSON (default: the shipped 15 channels; see `seiscron stations`).")
    var config: String?

    @Option(help: "Where miniSEED comes from: fdsn (FDSN_BASE_URL, default EarthScope) or sds:DIR (a local SDS archive).")
    var source: SourceChoice = .fdsn

    @Flag(help: "Fetch and process, but write nothing.")
    var dryRun = false

    @Flag(help: "Print the run summary as JSON on the last line of standard output.")
    var jsonSummary = false

    @OptionGroup var store: StoreOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let configuration = try CronConfiguration(
            logLevel: log.logLevel, dataDirectory: store.dataDir, source: source, stationConfig: config, dryRun: dryRun)
        let summary = try await configuration.withRuntime(label: "seiscron.run") { runtime, logger in
            let tick = Tick(
                channels: configuration.channels, source: runtime.source, store: runtime.store,
                configuration: configuration.pipeline.tick, logger: logger,
                volcanoesWithoutChannels: configuration.volcanoesWithoutChannels)
            return await tick.run(at: at ?? UTCTime.now())
        }
        if jsonSummary {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        }
        if !summary.success { throw ExitCode.failure }
    }
}
