import ArgumentParser

/// `seisapi`: the seiscache HTTP API.
@main
struct SeisAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seisapi",
        abstract: "The seiscache HTTP API: backfill, cache status, the /data chunk manifest.",
        subcommands: [ServeCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
