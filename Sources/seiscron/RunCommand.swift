import ArgumentParser
import CommandOptions
import Foundation
import Logging
import Pipeline
import SeedCore

/// `seiscron run`: one cron tick.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run one cron tick: fetch the newest window of every configured channel and store it.",
        discussion: discussion
    )

    /// The tick's rules with the defaults of ``PipelineSettings`` (declared once, there and
    /// in ``TickConfiguration``), then every variable with its default.
    static var discussion: String {
        let tick = PipelineSettings().tick
        let retries = tick.retrySchedule.map(Parse.secondsText).joined(separator: ", ")
        return """
            Windows come from the clock's 10-minute slot (IRIS_DELAY_MINUTES): with the default \(tick.delayMinutes) \
            the tick at 22:12 stores 22:00-22:10; at the first ticks after 00/06/12/18 UTC it also stores the \
            previous 6 hours. It re-fetches windows of the last CATCHUP_MINUTES missing from the day metadata, \
            and rebuilds the 6-hour checkpoints of the last 24 hours missing from it (at most \
            CHECKPOINT_REBUILDS_PER_TICK per tick). Incomplete channels are retried at RETRY_INTERVAL_SECONDS \
            intervals after the first pass while within RETRY_WINDOW_SECONDS: with the defaults \
            \(tick.retrySchedule.count) retries, at \(retries) s. A volcano the station config selects no \
            channel of is a warning. Exit status: 0 every channel stored, 1 some channels failed or stayed \
            incomplete, 2 bad configuration.

            Environment (LOG_LEVEL, the store's R2_* / S3_* / SEISCACHE_DATA_DIR, and):
            \(ConfigurationVariable.help(PipelineSettings.variables, defaults: PipelineSettings()))
            """
    }

    @Option(help: "The tick's time, ISO 8601 UTC (1970-2100; default: now), e.g. 2025-11-04T22:12:00Z.")
    var at: UTCTime?

    @Flag(help: "Fetch and process, but write nothing.")
    var dryRun = false

    @Flag(help: "Print the run summary as JSON on the last line of standard output.")
    var jsonSummary = false

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let configuration = try ConfigurationExit.common(options.flags(dryRun: dryRun))
        let summary = try await configuration.withRuntime(label: "seiscron.run") { runtime, logger in
            let tick = Tick(
                channels: configuration.channels,
                source: runtime.source,
                store: runtime.store,
                configuration: configuration.pipeline.tick,
                logger: logger,
                volcanoesWithoutChannels: configuration.volcanoesWithoutChannels
            )
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
