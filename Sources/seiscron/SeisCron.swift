import ArgumentParser

@main
struct SeisCron: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seiscron", abstract: "seiscache cron job and operator tools")
}
