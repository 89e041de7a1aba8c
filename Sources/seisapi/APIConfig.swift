import CommandOptions
import Foundation
import Pipeline
import WaveformSources

/// Everything `seisapi` is configured with: the shared configuration (log level, store,
/// source, catalog, selected channels, the pipeline's variables) and the API's own values.
/// A plain value: every property's declared value is its default, and ``variables`` names the
/// variable each one is read from (`PORT`, `SEISAPI_TOKEN`, the limits and timeouts of
/// Docs/operations.md, ...). ``ConfigurationReader/api(_:)`` builds it, validated once (exit 2
/// naming the variable or field); `serve --help` lists the same table with the defaults.
///
/// Adding a variable: a property with its default here and one row in ``variables``
/// (and its row in Docs/operations.md).
struct APIConfig: Sendable {
    /// `serve`'s own flags (``ServeCommand``) beside the shared ones; tests use the defaults.
    struct Flags: Sendable {
        /// `--host`: loopback unless given, so a laptop's API is not reachable from its network;
        /// a container passes `0.0.0.0` (railway.api.json does).
        static let defaultHost = "127.0.0.1"
        /// `--host`.
        var host = defaultHost
        /// `--port`.
        var port: Int?
        /// `--live seedlink:HOST:PORT` (wins over `LIVE_SOURCE`).
        var live: String?
        /// `--config`, `--source`, `--data-dir`, `--log-level`.
        var common = CommonFlags()
    }

    /// What both executables read alike (``CommonConfiguration``).
    var common: CommonConfiguration
    /// The address to listen on.
    var host = Flags.defaultHost
    /// Bearer token for `POST /api/backfill`; `nil` disables the endpoint.
    var token: String?
    /// Chunk URLs are `{PUBLIC_BASE_URL}/{key}` when set (a public bucket or CDN).
    var publicBaseURL: String?
    /// Lifetime of presigned chunk URLs (S3 stores without a public URL).
    var presignExpires: Duration = .seconds(3600)
    /// The longest `/data` span in hours.
    var dataMaximumHours = 168
    /// `Access-Control-Allow-Origin`: `*` or one origin (`scheme://host[:port]`).
    var corsAllowOrigin: String = "*"
    /// `--port`, else `PORT` (Railway sets it), else this.
    var port = 8080
    /// Header, body and idle timeouts and the connection caps (defaults in ``ServerLimits``).
    var limits = ServerLimits()
    /// After SIGTERM, how long running backfills and generations may take to finish before
    /// they are cancelled and checkpointed.
    var shutdownDrain: Duration = .seconds(20)
    /// How long `/health` reuses its store check.
    var healthCacheTTL: Duration = .seconds(5)
    /// A configured channel whose newest stored sample is older than this is listed as stale
    /// by `/health`.
    var staleAfter: Duration = .seconds(40 * 60)
    /// `/data` generations running at once.
    var generationConcurrency = 2
    /// `/data` generations waiting for a turn before misses get 503.
    var generationQueue = 8
    /// `/data` misses one client may start per minute, also its burst (0 disables the limit):
    /// a listener starts one per play.
    var missesPerMinute = 20
    /// How long a replica's generation lease lives unrenewed: a crashed replica's miss is
    /// taken over by another this long after.
    var generationLease: Duration = .seconds(30)
    /// Proxies in front that append the client to `X-Forwarded-For`: 0 limits per connection
    /// peer; behind Railway's edge set 1.
    var trustedProxyHops = 0
    /// How long one `/data` generation may wait on the source; past it the rest of the range
    /// is skipped and the place freed.
    var generationBudget: Duration = .seconds(120)
    /// A `/data` miss's stream sends a `heartbeat` line when nothing else went out for this
    /// long (proxies and browsers do not time out a slow generation). Fixed.
    var dataHeartbeat: Duration = .seconds(10)
    /// After this many store writes in a row failed, `/health` answers 503 (degraded) until
    /// one succeeds.
    var healthWriteFailures = 3
    /// `--live`, else `LIVE_SOURCE`: the SeedLink server `/live` follows (`nil`: `/live` answers 404).
    var live: LiveSourceChoice?
    /// How much of each live channel is kept for a new listener (`LIVE_BUFFER_MINUTES`).
    var liveBuffer: Duration = .seconds(30 * 60)
    /// `/live` listeners of one channel (past it: 503).
    var liveListenersPerChannel = 100
    /// `/live` listeners of all channels (past it: 503). Each is a connection too
    /// (`HTTP_MAX_CONNECTIONS`, `MAX_CONNECTIONS_PER_CLIENT`).
    var liveListeners = 400
    /// Records queued for one `/live` listener and not yet sent before it is closed as too slow.
    var liveQueuedRecords = 120

    /// The defaults on `common`.
    init(common: CommonConfiguration) { self.common = common }

    /// The defaults, for `serve --help` (no catalog: help selects no channels).
    static var defaults: Self { Self(common: CommonConfiguration(catalog: StationCatalog(volcanoes: [:]))) }

    /// The API's variables, in the order they are checked (`PORT` yields to `--port`).
    static var variables: [ConfigurationVariable<Self>] {
        [
            ConfigurationVariable(
                "SEISAPI_TOKEN",
                \.token,
                "bearer token for POST /api/backfill (unset: disabled)",
                parse: { token throws(FieldError) in
                    guard token.count >= 16 else {
                        throw FieldError(
                            field: "SEISAPI_TOKEN",
                            message: "use at least 16 characters (e.g. `openssl rand -hex 24`)"
                        )
                    }
                    return token
                },
                show: { _ in nil }
            ),
            .httpURL("PUBLIC_BASE_URL", \.publicBaseURL, "chunk URLs are PUBLIC_BASE_URL/{key}"),
            // S3 presigned URLs may live at most 7 days.
            .wholeSeconds("PRESIGN_EXPIRES_SECONDS", 60...604_800, \.presignExpires, "lifetime of presigned chunk URLs"),
            .integer("DATA_MAX_HOURS", 1...720, \.dataMaximumHours, "the longest /data span in hours"),
            ConfigurationVariable(
                "CORS_ALLOW_ORIGIN",
                \.corsAllowOrigin,
                "Access-Control-Allow-Origin: * or one origin",
                parse: { text throws(FieldError) in try corsOrigin(text) },
                show: { $0 }
            ),
            .integer("PORT", 1...65_535, \.port, "port to listen on without --port"),
            .wholeSeconds("HTTP_HEADER_TIMEOUT_SECONDS", 1...300, \.limits.headerTimeout, "a request head must be complete"),
            .wholeSeconds("HTTP_BODY_TIMEOUT_SECONDS", 1...3600, \.limits.bodyTimeout, "a request body must be complete"),
            .wholeSeconds("HTTP_IDLE_TIMEOUT_SECONDS", 1...3600, \.limits.idleTimeout, "an idle kept-alive connection is closed"),
            .integer("HTTP_MAX_CONNECTIONS", 1...100_000, \.limits.maximumConnections, "connections served at once"),
            .integer(
                "MAX_CONNECTIONS_PER_CLIENT",
                1...100_000,
                \.limits.maximumConnectionsPerClient,
                "connections (behind proxies: requests) one client may hold"
            ),
            .wholeSeconds(
                "HTTP_BUSY_IDLE_TIMEOUT_SECONDS",
                1...3600,
                \.limits.busyIdleTimeout,
                "idle timeout while over 3/4 of the connections are open"
            ),
            .wholeSeconds(
                "DATA_GENERATION_BUDGET_SECONDS",
                5...3600,
                \.generationBudget,
                "how long one /data generation may wait on the source"
            ),
            .integer("HEALTH_WRITE_FAILURES", 1...1000, \.healthWriteFailures, "failed store writes in a row before /health is 503"),
            .wholeSeconds("SHUTDOWN_DRAIN_SECONDS", 0...3600, \.shutdownDrain, "after SIGTERM, how long running jobs may finish"),
            .wholeSeconds("HEALTH_CACHE_SECONDS", 0...3600, \.healthCacheTTL, "how long /health reuses its store check"),
            .wholeMinutes("STALE_AFTER_MINUTES", 1...10_080, \.staleAfter, "/health lists channels with older newest samples as stale"),
            .integer("DATA_GENERATION_CONCURRENCY", 1...64, \.generationConcurrency, "/data generations running at once"),
            .integer("DATA_GENERATION_QUEUE", 0...10_000, \.generationQueue, "/data generations waiting before misses get 503"),
            .integer("DATA_MISSES_PER_MINUTE", 0...100_000, \.missesPerMinute, "misses one client may start per minute (0: no limit)"),
            .integer("TRUSTED_PROXY_HOPS", 0...16, \.trustedProxyHops, "proxies in front appending to X-Forwarded-For"),
            .wholeSeconds(
                "DATA_GENERATION_LEASE_SECONDS",
                3...600,
                \.generationLease,
                "a replica's generation lease lives this long unrenewed"
            ),
            ConfigurationVariable(
                "LIVE_SOURCE",
                \.live,
                "seedlink:HOST:PORT that /live follows without --live (unset: /live is off)",
                parse: { text throws(FieldError) in try liveSource(text, field: "LIVE_SOURCE") },
                show: { _ in nil }
            ),
            .wholeMinutes("LIVE_BUFFER_MINUTES", 1...1440, \.liveBuffer, "minutes of each live channel kept for new listeners"),
            .integer("LIVE_LISTENERS_PER_CHANNEL", 1...100_000, \.liveListenersPerChannel, "/live listeners of one channel"),
            .integer("LIVE_LISTENERS", 1...100_000, \.liveListeners, "/live listeners of all channels"),
            .integer(
                "LIVE_QUEUED_RECORDS",
                1...100_000,
                \.liveQueuedRecords,
                "records queued for one /live listener before it is closed as too slow"
            ),
        ]
    }

    /// `seedlink:HOST:PORT` (`--live`, `LIVE_SOURCE`; ``LiveSourceChoice``).
    /// - Throws: ``FieldError`` naming `field` and the accepted form.
    static func liveSource(_ text: String, field: String) throws(FieldError) -> LiveSourceChoice {
        guard let choice = LiveSourceChoice(argument: text) else {
            throw FieldError(
                field: field,
                message: "\"\(text)\" is not seedlink:HOST:PORT (e.g. \(LiveSourceChoice.earthScope)); an IPv6 host in brackets")
        }
        return choice
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
                field: "CORS_ALLOW_ORIGIN",
                message: "\"\(text)\" is neither * nor one origin such as https://player.example"
            )
        }
        return text
    }
}
