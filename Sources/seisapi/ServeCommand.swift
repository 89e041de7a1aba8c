import CacheServices
import ArgumentParser
import ChunkStore
import Foundation
import Hummingbird
import Logging
import Metrics
import Pipeline
import Prometheus
import SeedCore
import ServiceLifecycle

/// `seisapi serve`: runs the API until SIGTERM/SIGINT (graceful: the listener closes, running
/// jobs get `SHUTDOWN_DRAIN_SECONDS` to finish, then they are cancelled and checkpointed).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API.",
        discussion: """
            Store: R2 (R2_*), any S3-compatible store (S3_ENDPOINT + S3_*), else the local directory
            (--data-dir, SEISCACHE_DATA_DIR, ./data). Chunk URLs: PUBLIC_BASE_URL/{key} when set,
            presigned URLs on S3 stores (PRESIGN_EXPIRES_SECONDS, default 3600), else /files/{key}.
            POST /api/backfill needs SEISAPI_TOKEN. Limits and timeouts: HTTP_HEADER_TIMEOUT_SECONDS (10),
            HTTP_BODY_TIMEOUT_SECONDS (30), HTTP_IDLE_TIMEOUT_SECONDS (60), HTTP_MAX_CONNECTIONS (512),
            SHUTDOWN_DRAIN_SECONDS (20), HEALTH_CACHE_SECONDS (5). Exit status 2: bad configuration.
            """
    )

    @Option(help: "Address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every interface).")
    var host = APIConfig.Flags.defaultHost

    @Option(help: "Port to listen on (default: PORT or 8080).")
    var port: Int?

    @Option(help: "Local store directory when no S3/R2 store is configured (default: SEISCACHE_DATA_DIR or ./data).")
    var dataDir: String?

    @Option(help: "Station config JSON (default: the shipped 15 channels).")
    var config: String?

    @Option(help: "Where backfills and /data misses fetch miniSEED: fdsn (FDSN_BASE_URL) or sds:DIR.")
    var source: SourceChoice = .fdsn

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default: LOG_LEVEL or info).")
    var logLevel: String?

    func run() async throws {
        let config: APIConfig
        do {
            config = try APIConfig(
                environment: ProcessInfo.processInfo.environment,
                flags: APIConfig.Flags(
                    host: host, port: port, dataDirectory: dataDir, stationConfig: self.config, source: source,
                    logLevel: logLevel))
        } catch {
            FileHandle.standardError.write(Data("error: configuration: \(error)\n".utf8))
            throw ExitCode(2)
        }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        var logger = Logger(label: "seisapi")
        logger.logLevel = config.logLevel
        try await PipelineRuntime.run(settings: config.pipeline, store: config.store, source: config.source, logger: logger) {
            runtime in
            let services = APIServices(runtime: runtime, config: config, metrics: registry, logger: logger)
            logger.info(
                "seisapi starting",
                metadata: [
                    "address": "\(config.host):\(config.port)", "store": "\(config.store)", "source": "\(config.source)",
                    "channels": "\(config.channels.count)", "backfill": "\(config.token == nil ? "disabled" : "enabled")",
                    "version": "\(Seiscache.version)",
                ])
            let server = APIServer(
                services: services,
                configuration: ApplicationConfiguration(
                    address: .hostname(config.host, port: config.port), serverName: "seisapi"))
            try await APIServer.serviceGroup(server, logger: logger).run()
        }
    }
}
