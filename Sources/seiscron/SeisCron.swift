import ArgumentParser

/// `seiscron`: the cron tick of seiscache and the operator tools around it.
@main
struct SeisCron: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seiscron",
        abstract: "seiscache: cache live seismic data as zstd int32 chunks.",
        discussion: "The cron tick (`run`) arrives with the Pipeline module; today: inspect, process and ingest local miniSEED, and look into the store.",
        subcommands: [InspectCommand.self, ProcessCommand.self, IngestCommand.self, StoreCommand.self, StationsCommand.self]
    )
}
