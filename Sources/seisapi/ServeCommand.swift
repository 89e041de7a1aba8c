import ArgumentParser
import CacheServices
import ChunkStore
import CommandOptions
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
        discussion: discussion
    )

    /// The store and URL rules, then every variable with its default (from ``APIConfig`` and
    /// ``PipelineSettings``, where the defaults are declared).
    static var discussion: String {
        let defaults = APIConfig.defaults
        return """
            Store: R2 (R2_*), any S3-compatible store (S3_ENDPOINT + S3_*), else the local directory \
            (--data-dir, SEISCACHE_DATA_DIR, \(StoreConfiguration.defaultLocalRoot)). Chunk URLs: \
            PUBLIC_BASE_URL/{key} when set, presigned URLs on S3 stores, else /files/{key}. \
            POST /api/backfill needs SEISAPI_TOKEN. Exit status 2: bad configuration.

            Environment (LOG_LEVEL, the store's variables, and):
            \(ConfigurationVariable.help(APIConfig.variables, defaults: defaults))
            \(ConfigurationVariable.help(PipelineSettings.variables, defaults: defaults.common.pipeline))
            """
    }

    @Option(help: "Address to listen on (default \(APIConfig.Flags.defaultHost): this machine only; 0.0.0.0: every interface).")
    var host = APIConfig.Flags.defaultHost

    @Option(help: "Port to listen on (default: PORT or \(APIConfig.defaults.port)).")
    var port: Int?

    @Option(
        help: ArgumentHelp(
            "The SeedLink server /live follows, seedlink:HOST:PORT (default: LIVE_SOURCE; unset: /live is off).",
            valueName: "seedlink:host:port"))
    var live: String?

    @OptionGroup var options: PipelineOptions

    func run() async throws {
        let config = try ConfigurationExit.reading {
            try ConfigurationReader.process.api(APIConfig.Flags(host: host, port: port, live: live, common: options.flags()))
        }
        let logger = config.common.bootstrapLogging(label: "seisapi")
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let common = config.common
        try await PipelineRuntime.run(settings: common.pipeline, store: common.store, source: common.source, logger: logger) {
            runtime in
            let services = APIServices(runtime: runtime, config: config, metrics: registry, logger: logger)
            logger.info(
                "seisapi starting",
                metadata: [
                    "address": "\(config.host):\(config.port)", "store": "\(common.store)", "source": "\(common.source)",
                    "channels": "\(common.channels.count)", "backfill": "\(config.token == nil ? "disabled" : "enabled")",
                    "live": "\(config.live.map { "\($0)" } ?? "off")", "version": "\(Seiscache.version)",
                ]
            )
            let server = APIServer(
                services: services,
                configuration: ApplicationConfiguration(
                    address: .hostname(config.host, port: config.port),
                    serverName: "seisapi"
                )
            )
            try await APIServer.serviceGroup(server, logger: logger).run()
        }
    }
}
