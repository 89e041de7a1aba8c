import ArgumentParser
import CommandOptions
import Foundation
import Logging
import Pipeline
import SeedCore

/// `seiscron backfill`: the API's gap-fill from the shell, with a progress line.
struct BackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Fill missing 10-minute chunks of a past range (the same service as POST /api/backfill).",
        discussion: """
            Windows the day metadata already records are skipped unless --force. The range is the last
            --hours before now (or before --end), in whole 10-minute windows; it is fetched in 6-hour
            batches, one bulk FDSN request per batch. Exit status: 0 every window stored or already
            cached, 1 some windows failed (listed), 2 bad configuration or arguments.
            """
    )

    @Option(help: "How many hours back to fill, 1-168.")
    var hours: Int

    @Option(help: "The range's end, ISO 8601 UTC (1970-2100; default: now), e.g. 2025-11-05T00:00:00Z.")
    var end: UTCTime?

    @Option(help: "Only this volcano's channels (a config key, e.g. kilauea).")
    var volcano: String?

    @Option(help: "Only this channel: NET.STA.LOC.CHA (e.g. HV.UWE..HHZ), NET.STA or STA.")
    var channel: String?

    @Flag(help: "Refetch windows the day metadata already records.")
    var force = false

    @Flag(help: "Print the result as JSON on the last line of standard output.")
    var json = false

    @OptionGroup var options: PipelineOptions

    func validate() throws {
        guard (1...BackfillRequest.maximumHours).contains(hours) else {
            throw ValidationError("--hours must be 1-\(BackfillRequest.maximumHours) (got \(hours))")
        }
    }

    func run() async throws {
        let configuration = try ConfigurationExit.common(options.flags())
        let request: BackfillRequest
        do {
            let channels = try ChannelSelector(channelID: channel, volcano: volcano).channels(
                from: configuration.channels, catalog: configuration.catalog)
            let now = UTCTime.now()
            let rangeEnd = end ?? now
            request = try BackfillRequest(
                channels: channels, start: rangeEnd.adding(seconds: -Int64(hours) * 3600), hours: hours, force: force,
                now: min(rangeEnd, now))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let line = ProgressLine()
        let result = try await configuration.withRuntime(label: "seiscron.backfill") { runtime, logger in
            let backfill = Backfill(source: runtime.source, store: runtime.store, logger: logger)
            return await backfill.run(request) { progress in
                line.update(
                    String(
                        format: "backfill %5.1f%%  %d/%d windows  %d added  %d cached  %d failed", progress.percent,
                        progress.windowsDone, progress.windowsTotal, progress.chunksAdded, progress.chunksAlreadyCached,
                        progress.chunksFailed))
            }
        }
        line.finish()
        for failure in result.failures {
            FileHandle.standardError.write(
                Data("not stored: \(failure.channel) \(failure.start)–\(failure.end) \(failure.status) \(failure.error ?? "")\n".utf8))
        }
        print(
            "backfill \(result.status): \(result.chunksAdded) added, \(result.chunksAlreadyCached) already cached, "
                + "\(result.chunksFailed) failed (\(result.chunksNoData) no data, \(result.chunksIncomplete) incomplete) "
                + "of \(result.timeRange.start)–\(result.timeRange.end), \(result.channels.count) channels")
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        if result.chunksFailed > 0 { throw ExitCode.failure }
    }
}
