import Foundation
import Pipeline

/// The API's settings from the environment, validated once (exit 2 naming the variable):
/// `PORT`, `SEISAPI_TOKEN`, `PUBLIC_BASE_URL`, `PRESIGN_EXPIRES_SECONDS`, `DATA_MAX_HOURS`,
/// `CORS_ALLOW_ORIGIN`, the limits and timeouts (`HTTP_HEADER_TIMEOUT_SECONDS`,
/// `HTTP_BODY_TIMEOUT_SECONDS`, `HTTP_IDLE_TIMEOUT_SECONDS`, `HTTP_MAX_CONNECTIONS`,
/// `SHUTDOWN_DRAIN_SECONDS`, `HEALTH_CACHE_SECONDS`), and the pipeline's variables (FDSN, delays).
struct APIConfig: Sendable {
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
    /// `Access-Control-Allow-Origin`: `*` (default) or one origin.
    var corsAllowOrigin: String = "*"
    /// The port from `PORT` (Railway sets it), when set.
    var port: Int?
    /// Header, body and idle timeouts and the connection cap (defaults 10 s, 30 s, 60 s, 512).
    var limits = ServerLimits()
    /// After SIGTERM, how long running backfills and generations may take to finish before
    /// they are cancelled and checkpointed (`SHUTDOWN_DRAIN_SECONDS`). Default 20 s.
    var shutdownDrain: Duration = .seconds(20)
    /// How long `/health` reuses its store check (`HEALTH_CACHE_SECONDS`). Default 5 s.
    var healthCacheTTL: Duration = .seconds(5)

    init(environment: [String: String]) throws(PipelineSettings.Invalid) {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(PipelineSettings.Invalid) -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text), range.contains(number) else {
                throw PipelineSettings.Invalid(
                    variable: name, message: "\"\(text)\" is not a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        pipeline = try PipelineSettings(environment: environment)
        token = value("SEISAPI_TOKEN")
        if let token, token.count < 16 {
            throw PipelineSettings.Invalid(variable: "SEISAPI_TOKEN", message: "use at least 16 characters (e.g. `openssl rand -hex 24`)")
        }
        if let base = value("PUBLIC_BASE_URL") {
            guard let url = URL(string: base), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw PipelineSettings.Invalid(variable: "PUBLIC_BASE_URL", message: "\"\(base)\" is not an http(s) URL")
            }
            publicBaseURL = base
        }
        // S3 presigned URLs may live at most 7 days.
        if let seconds = try integer("PRESIGN_EXPIRES_SECONDS", 60...604_800) { presignExpires = .seconds(seconds) }
        if let hours = try integer("DATA_MAX_HOURS", 1...720) { dataMaximumHours = hours }
        if let origin = value("CORS_ALLOW_ORIGIN") { corsAllowOrigin = origin }
        port = try integer("PORT", 1...65_535)
        if let seconds = try integer("HTTP_HEADER_TIMEOUT_SECONDS", 1...300) { limits.headerTimeout = .seconds(seconds) }
        if let seconds = try integer("HTTP_BODY_TIMEOUT_SECONDS", 1...3600) { limits.bodyTimeout = .seconds(seconds) }
        if let seconds = try integer("HTTP_IDLE_TIMEOUT_SECONDS", 1...3600) { limits.idleTimeout = .seconds(seconds) }
        if let count = try integer("HTTP_MAX_CONNECTIONS", 1...100_000) { limits.maximumConnections = count }
        if let seconds = try integer("SHUTDOWN_DRAIN_SECONDS", 0...3600) { shutdownDrain = .seconds(seconds) }
        if let seconds = try integer("HEALTH_CACHE_SECONDS", 0...3600) { healthCacheTTL = .seconds(seconds) }
    }
}
