import ArgumentParser
import CommandOptions
import Pipeline
import ChunkStore
import Foundation
import Logging
import SeedCore

/// `seiscron ingest`: cut local miniSEED (e.g. an SDS archive) into stored chunks.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Cut local miniSEED files into chunks of one kind and store them with their day metadata.",
        discussion: """
            Every channel found in the files is cut into windows of --kind aligned as the cron aligns
            them (10min on the clock, 6h at 00/06/12/18 UTC, 24h at midnight). Windows reaching 95 %
            completeness are compressed and stored under data/... with their day metadata; the
            others are reported. Running it again stores nothing new. Prints one JSON line per
            channel on standard output and a progress line on standard error.
            """
    )

    @Argument(help: "miniSEED 2 files (e.g. a day of an SDS archive per channel).")
    var files: [String]

    @Option(help: "Volcano the channels are filed under (lowercase config key, e.g. kilauea).")
    var volcano: String

    @Option(help: "Chunk kind: \(ChunkKind.namesList).")
    var kind: String = "10min"

    @Option(help: "Only this channel (NET.STA.LOC.CHA); default: every channel in the files.")
    var channel: SourceID?

    @OptionGroup var store: StoreOptions
    @OptionGroup var log: LogOptions

    func validate() throws {
        guard ChunkKind(rawValue: kind).isKnown else {
            throw ValidationError("--kind must be one of \(ChunkKind.namesList) (got '\(kind)')")
        }
        do {
            try ChannelKey.validate(volcano: volcano)
        } catch {
            throw ValidationError("--volcano: \(error.message)")
        }
    }

    func run() async throws {
        let configuration = try ConfigurationExit.common(CommonFlags(logLevel: log.logLevel, dataDirectory: store.dataDir))
        try await configuration.withRuntime(label: "seiscron.ingest") { runtime, logger in
            try await ingest(into: runtime.store, logger: logger)
        }
    }

    func ingest(into objectStore: any ObjectStore, logger: Logger) async throws {
        let traces: [Trace]
        do {
            let wanted = channel
            traces = try InputFiles.read(
                files, including: { wanted == nil || $0 == wanted }, filtered: wanted != nil, logger: logger
            ).flatMap(\.result.traces)
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let channels = channel.map { [$0] } ?? Array(Set(traces.map(\.id))).sorted()
        let ingester = ArchiveIngester(storer: WindowStorer(store: objectStore, logger: logger))
        let progress = ProgressLine()
        var failed = false
        logger.info("ingest started", metadata: ["store": "\(objectStore.displayName)", "channels": "\(channels.count)"])
        for id in channels {
            let report: ArchiveIngester.Report
            do {
                report = try await ingester.ingest(
                    traces, home: ChannelHome(sourceID: id, volcano: volcano), kind: ChunkKind(rawValue: kind)
                ) {
                    done, total in
                    progress.update("ingest \(id): \(done)/\(total) windows")
                }
            } catch {
                progress.finish()
                FileHandle.standardError.write(Data("error: \(id): \(error)\n".utf8))
                failed = true
                continue
            }
            progress.finish()
            if report.windows == 0 { logger.warning("no data for channel", metadata: ["channel": "\(id)"]) }
            failed = failed || report.failed > 0
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
        if failed { throw ExitCode.failure }
    }
}
