import CacheServices
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UnixSignals

/// `seisapi serve`'s one service: the HTTP application and the background job runner side by
/// side, so a graceful shutdown (SIGTERM) reaches both at once; with `--live`, the upstream
/// SeedLink connection (``LiveFeed``) beside them, cancelled once both are done.
///
/// Inside one service group the runner would only hear of the shutdown after the server
/// finished its in-flight requests; here, on SIGTERM, the listener closes and the drain
/// deadline of running jobs (``JobRunner/drainDeadline``) starts at the same moment. When the
/// deadline passes, jobs are cancelled and checkpointed, requests waiting on them end, and the
/// process exits.
struct APIServer: Service {
    let services: APIServices
    let configuration: ApplicationConfiguration
    /// Called with the listening channel (tests read the port from it).
    var onServerRunning: @Sendable (any Channel) async -> Void = { _ in }

    func run() async throws {
        let application = buildApplication(
            services, configuration: configuration, runsJobs: false, onServerRunning: onServerRunning)
        let runner = services.runner
        let feed = services.live?.feed
        try await withThrowingTaskGroup(of: Void.self) { live in
            // The upstream SeedLink connection of `/live`: runs until the server and the runner are done.
            if let feed { live.addTask { await feed.run() } }
            defer { live.cancelAll() }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await application.run() }
                group.addTask { await runner.run() }
                // Either ending (the server failing to bind, a shutdown done) ends the other.
                try await group.next()
                try await group.next()
            }
        }
    }

    /// The service group of `seisapi serve`: graceful on SIGTERM and SIGINT, with a hard stop
    /// `graceMargin` after the drain deadline (a request that ignores cancellation cannot keep
    /// the process alive).
    static func serviceGroup(_ server: APIServer, graceMargin: Duration = .seconds(10), logger: Logger) -> ServiceGroup {
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = server.services.runner.drainDeadline + graceMargin
        configuration.maximumCancellationDuration = graceMargin
        return ServiceGroup(configuration: configuration)
    }
}
