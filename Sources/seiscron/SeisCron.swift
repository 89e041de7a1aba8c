import ArgumentParser

/// `seiscron`: the cron tick of seiscache and the operator tools around it.
@main
struct SeisCron: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seiscron",
        abstract: "seiscache: cache live seismic data as zstd int32 chunks.",
        discussion: "`run` is the cron tick, `live` follows a SeedLink feed, `backfill` fills a past range; the other commands inspect, process and ingest local miniSEED, look into the store and list the configured stations.",
        subcommands: [RunCommand.self, LiveCommand.self, BackfillCommand.self, InspectCommand.self, ProcessCommand.self, IngestCommand.self, StoreCommand.self, StationsCommand.self]
    )
}
