import Foundation
import Logging
import Pipeline

/// Everything `seisapi` is configured with, read once from the environment and `serve`'s
/// flags and validated once (exit 2 naming the variable or field): the log level, the store,
/// the source, the selected channels, `PORT`, `SEISAPI_TOKEN`, `PUBLIC_BASE_URL`, `PRESIGN_EXPIRES_SECONDS`, `DATA_MAX_HOURS`,
/// `CORS_ALLOW_ORIGIN`, the limits and timeouts (`HTTP_HEADER_TIMEOUT_SECONDS`,
/// `HTTP_BODY_TIMEOUT_SECONDS`, `HTTP_IDLE_TIMEOUT_SECONDS`, `HTTP_MAX_CONNECTIONS`,
/// `SHUTDOWN_DRAIN_SECONDS`, `HEALTH_CACHE_SECONDS`), what anonymous misses may cost
/// (`DATA_GENERATION_CONCURRENCY`, `DATA_GENERATION_QUEUE`, `DATA_MISSES_PER_MINUTE`,
/// `TRUSTED_PROXY_HOPS`), replicas (`DATA_GENERATION_LEASE_SECONDS`), and the pipeline's variables (FDSN, delays).
struct APIConfig: Sendable {
    /// `serve`'s flags (``ServeCommand``); tests use the defaults.
    struct Flags: Sendable {
        /// `--host`: loopback unless given, so a laptop's API is not reachable from its network;
        /// a container passes `0.0.0.0` (railway.api.json does).
        static let defaultHost = "127.0.0.1"
        /// `--host`.
        var host = defaultHost
        /// `--port`.
        var port: Int?
        /// `--data-dir`.
        var dataDirectory: String?
        /// `--config`.
        var stationConfig: String?
        /// `--source`.
        var source: SourceChoice = .fdsn
        /// `--log-level`.
        var logLevel: String?
    }

    /// `--log-level`, else `LOG_LEVEL`, else info.
    var logLevel: Logger.Level
    /// R2, S3 or the local directory.
    var store: StoreConfiguration
    /// Where backfills and `/data` misses fetch miniSEED.
    var source: SourceChoice
    /// The channels the station config selects (backfill's default set, `/api/stations`).
    var channels: [SelectedChannel]
    /// The address to listen on.
    var host: String
    /// The pipeline's settings (FDSN, tick rules).
    var pipeline: PipelineSettings
    /// Bearer token for `POST /api/backfill`; `nil` disables the endpoint.
    var token: String?
    /// Chunk URLs are `{PUBLIC_BASE_URL}/{key}` when set (a public bucket or CDN).
    var publicBaseURL: String?
    /// Lifetime of presigned chunk URLs (S3 stores without a public URL). Default 3600 s.
    var presignExpires: Duration = .seconds(3600)
    /// The longest `/data` span. Default 168 hours.
    var dataMaximumHours = 168
    /// `Access-Control-Allow-Origin`: `*` (default) or one origin (`scheme://host[:port]`).
    var corsAllowOrigin: String = "*"
    /// `--port`, else `PORT` (Railway sets it), else 8080.
    var port: Int
    /// Header, body and idle timeouts and the connection cap (defaults 10 s, 30 s, 60 s, 512).
    var limits = ServerLimits()
    /// After SIGTERM, how long running backfills and generations may take to finish before
    /// they are cancelled and checkpointed (`SHUTDOWN_DRAIN_SECONDS`). Default 20 s.
    var shutdownDrain: Duration = .seconds(20)
    /// How long `/health` reuses its store check (`HEALTH_CACHE_SECONDS`). Default 5 s.
    var healthCacheTTL: Duration = .seconds(5)
    /// A configured channel whose newest stored sample is older than this is listed as stale
    /// by `/health` (`STALE_AFTER_MINUTES`). Default 40 minutes.
    var staleAfter: Duration = .seconds(40 * 60)
    /// `/data` generations running at once (`DATA_GENERATION_CONCURRENCY`). Default 2.
    var generationConcurrency = 2
    /// `/data` generations waiting for a turn before misses get 503 (`DATA_GENERATION_QUEUE`). Default 8.
    var generationQueue = 8
    /// `/data` misses one client may start per minute, also its burst (`DATA_MISSES_PER_MINUTE`;
    /// 0 disables the limit). Default 20: a listener starts one per play.
    var missesPerMinute = 20
    /// How long a replica's generation lease lives unrenewed (`DATA_GENERATION_LEASE_SECONDS`):
    /// a crashed replica's miss is taken over by another this long after. Default 30 s.
    var generationLease: Duration = .seconds(30)
    /// Proxies in front that append the client to `X-Forwarded-For` (`TRUSTED_PROXY_HOPS`):
    /// 0 (default) limits per connection peer; behind Railway's edge set 1.
    var trustedProxyHops = 0
    /// How long one `/data` generation may wait on the source (`DATA_GENERATION_BUDGET_SECONDS`);
    /// past it the rest of the range is skipped and the place freed. Default 120 s.
    var generationBudget: Duration = .seconds(120)
    /// A `/data` miss's stream sends a `heartbeat` line when nothing else went out for this
    /// long (proxies and browsers do not time out a slow generation). 10 s.
    var dataHeartbeat: Duration = .seconds(10)
    /// After this many store writes in a row failed, `/health` answers 503 (degraded) until
    /// one succeeds (`HEALTH_WRITE_FAILURES`). Default 3.
    var healthWriteFailures = 3

    /// Reads the configuration.
    /// - Throws: ``FieldError`` naming the variable or field, `S3ConfigurationError` naming
    ///   the store variable.
    init(environment: [String: String], flags: Flags = Flags()) throws {
        let variables = EnvironmentReader(environment)
        logLevel = try variables.logLevel(flag: flags.logLevel)
        pipeline = try PipelineSettings(environment: environment)
        store = try StoreConfiguration.fromEnvironment(environment, dataDirectory: flags.dataDirectory)
        source = flags.source
        channels = try StationConfig(contentsOfFile: flags.stationConfig).select(from: .bundled)
        host = flags.host
        token = variables.value("SEISAPI_TOKEN")
        if let token, token.count < 16 {
            throw FieldError(field: "SEISAPI_TOKEN", message: "use at least 16 characters (e.g. `openssl rand -hex 24`)")
        }
        publicBaseURL = try variables.httpURL("PUBLIC_BASE_URL")
        // S3 presigned URLs may live at most 7 days.
        if let seconds = try variables.integer("PRESIGN_EXPIRES_SECONDS", 60...604_800) { presignExpires = .seconds(seconds) }
        if let hours = try variables.integer("DATA_MAX_HOURS", 1...720) { dataMaximumHours = hours }
        if let origin = variables.value("CORS_ALLOW_ORIGIN") { corsAllowOrigin = try Self.corsOrigin(origin) }
        port = try flags.port ?? variables.integer("PORT", 1...65_535) ?? 8080
        if let seconds = try variables.integer("HTTP_HEADER_TIMEOUT_SECONDS", 1...300) { limits.headerTimeout = .seconds(seconds) }
        if let seconds = try variables.integer("HTTP_BODY_TIMEOUT_SECONDS", 1...3600) { limits.bodyTimeout = .seconds(seconds) }
        if let seconds = try variables.integer("HTTP_IDLE_TIMEOUT_SECONDS", 1...3600) { limits.idleTimeout = .seconds(seconds) }
        if let count = try variables.integer("HTTP_MAX_CONNECTIONS", 1...100_000) { limits.maximumConnections = count }
        if let count = try variables.integer("MAX_CONNECTIONS_PER_CLIENT", 1...100_000) {
            limits.maximumConnectionsPerClient = count
        }
        if let seconds = try variables.integer("HTTP_BUSY_IDLE_TIMEOUT_SECONDS", 1...3600) {
            limits.busyIdleTimeout = .seconds(seconds)
        }
        if let seconds = try variables.integer("DATA_GENERATION_BUDGET_SECONDS", 5...3600) {
            generationBudget = .seconds(seconds)
        }
        if let count = try variables.integer("HEALTH_WRITE_FAILURES", 1...1000) { healthWriteFailures = count }
        if let seconds = try variables.integer("SHUTDOWN_DRAIN_SECONDS", 0...3600) { shutdownDrain = .seconds(seconds) }
        if let seconds = try variables.integer("HEALTH_CACHE_SECONDS", 0...3600) { healthCacheTTL = .seconds(seconds) }
        if let minutes = try variables.integer("STALE_AFTER_MINUTES", 1...10_080) { staleAfter = .seconds(minutes * 60) }
        if let count = try variables.integer("DATA_GENERATION_CONCURRENCY", 1...64) { generationConcurrency = count }
        if let count = try variables.integer("DATA_GENERATION_QUEUE", 0...10_000) { generationQueue = count }
        if let count = try variables.integer("DATA_MISSES_PER_MINUTE", 0...100_000) { missesPerMinute = count }
        if let hops = try variables.integer("TRUSTED_PROXY_HOPS", 0...16) { trustedProxyHops = hops }
        if let seconds = try variables.integer("DATA_GENERATION_LEASE_SECONDS", 3...600) { generationLease = .seconds(seconds) }
    }

    /// `*` or one origin as a browser sends it (`http(s)://host[:port]`, nothing after):
    /// browsers compare `Access-Control-Allow-Origin` with their origin exactly, so a trailing
    /// slash, a path or a list would fail every cross-origin request; refuse it at start.
    private static func corsOrigin(_ text: String) throws(FieldError) -> String {
        if text == "*" { return text }
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), let host = url.host,
            !host.isEmpty, url.path.isEmpty, url.query == nil, url.fragment == nil, url.user == nil
        else {
            throw FieldError(
                field: "CORS_ALLOW_ORIGIN", message: "\"\(text)\" is neither * nor one origin such as https://player.example")
        }
        return text
    }
}
