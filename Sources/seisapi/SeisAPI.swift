import ArgumentParser

@main
struct SeisAPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "seisapi", abstract: "The seiscache HTTP API.")
    func run() async throws {}
}
