import ArgumentParser
import ChunkStore
import CommandOptions
import Foundation
import Logging
import Pipeline
import SeedCore
import UnixSignals
import WaveformSources

/// `seiscron live`: the long-running live service.
struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Follow a SeedLink feed and store each window of the configured channels as soon as it is complete.",
        discussion: """
            A long-running service (run it as its own service, restarted on failure). It follows the feed for the \
            configured channels and stores each window (CRON_DATA_DURATION_MINUTES) through the same path as the \
            tick, as soon as its last sample arrives; the cron keeps its checkpoints, catch-up and gap filling and \
            does not fetch a window the live service stored. A window under 95 % is left to the cron. Several \
            live processes on one bucket store each window once: one holds the live lease and follows, the \
            others stand by. Every renewal the position is saved in the store (live/position.json): a restart \
            resumes where nothing is lost, as far as the server still holds it. SIGTERM or SIGINT: stop reading, \
            store the windows already complete (within SHUTDOWN_DRAIN_SECONDS), save the position, exit 0.

            Environment (LOG_LEVEL, the store's R2_* / S3_* / SEISCACHE_DATA_DIR, FDSN_BASE_URL for station \
            facts, CRON_DATA_DURATION_MINUTES, and):
            \(ConfigurationVariable.help(LiveSettings.variables, defaults: LiveSettings()))
            """
    )

    @Option(help: "The feed: seedlink:HOST:PORT (or seedlink:HOST for port 18000).")
    var source: LiveSourceChoice = .earthScope

    @Option(help: "Station config JSON (default: the shipped 15 channels; see `seiscron stations`).")
    var config: String?

    @OptionGroup var store: StoreOptions
    @OptionGroup var log: LogOptions

    func run() async throws {
        let flags = CommonFlags(logLevel: log.logLevel, dataDirectory: store.dataDir, stationConfig: config)
        let configuration = try ConfigurationExit.common(flags)
        let settings = try ConfigurationExit.reading {
            try ConfigurationReader.process.environment.read(LiveSettings.variables, over: LiveSettings())
        }
        let drained = try await configuration.withRuntime(label: "seiscron.live") { runtime, logger in
            let channels = configuration.channels
            let facts = await Self.stationFacts(of: channels, from: runtime.fdsn, waiting: settings.stationFactsWait, logger: logger)
            let follower = LiveFollower(
                source: source.source, channels: channels,
                storer: WindowStorer(store: runtime.store, logger: logger),
                kind: configuration.pipeline.tick.windowKind, stationFacts: facts,
                storesAtOnce: settings.storesAtOnce, logger: logger)
            let service = LiveService(
                follower: follower, owner: "\(ProcessInfo.processInfo.hostName)/\(getpid())",
                leaseDuration: settings.leaseDuration)
            return await Self.runUntilSignal(service, drain: settings.shutdownDrain, logger: logger)
        }
        if !drained { throw ExitCode.failure }
    }

    /// Runs the service until SIGTERM or SIGINT, then gives it `drain` to finish.
    /// - Returns: whether it finished within the drain deadline.
    static func runUntilSignal(_ service: LiveService<SeedLinkSource>, drain: Duration, logger: Logger) async -> Bool {
        let signalled = AsyncStream.makeStream(of: Void.self)
        let signals = Task {
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                logger.notice("live: \(signal) received; storing the windows already complete", metadata: ["drain": "\(drain)"])
                signalled.continuation.yield()
                return
            }
        }
        defer { signals.cancel() }
        let running = Task {
            await service.run(until: {
                var iterator = signalled.stream.makeAsyncIterator()
                _ = await iterator.next()
            }, each: { stored in Self.log(stored, logger: logger) })
        }
        let finished = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await running.value
                return true
            }
            group.addTask {
                await signals.value
                try? await Task.sleep(for: drain)
                return false
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
        if !finished {
            logger.error("live: the drain deadline passed before the complete windows were stored; the cron stores them")
        }
        return finished
    }

    /// One line per closed window (the storer logs the stored chunk itself).
    static func log(_ stored: LiveFollower<SeedLinkSource>.Stored, logger: Logger) {
        guard let outcome = stored.outcome else { return }
        switch outcome.status {
        case .stored, .unchanged, .dryRun: break
        case .incomplete, .noData:
            logger.info(
                "live: window left to the cron",
                metadata: ["channel": "\(stored.channel)", "window": "\(outcome.window)", "status": "\(outcome.status)"])
        case .unprocessable, .notStored:
            logger.error(
                "live: window not stored; the cron stores it",
                metadata: ["channel": "\(stored.channel)", "window": "\(outcome.window)", "error": "\(outcome.error ?? "")"])
        }
    }

    /// The station service's facts of the channels, or none when it does not answer within `wait`.
    static func stationFacts(
        of channels: [SelectedChannel], from fdsn: FDSNClient, waiting wait: Duration, logger: Logger
    ) async -> [SourceID: StationFacts] {
        guard wait > .zero else { return [:] }
        return await withTaskGroup(of: [SourceID: StationFacts]?.self) { group in
            group.addTask { await fdsn.stationFacts(for: channels.map(\.sourceID), logger: logger) }
            group.addTask {
                try? await Task.sleep(for: wait)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if first == nil { logger.warning("live: no station facts within \(wait); windows are stored without them") }
            return first ?? [:]
        }
    }
}
