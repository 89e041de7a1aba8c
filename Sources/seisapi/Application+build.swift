import CacheServices
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging

/// The API's router: middleware (request id, logging, metrics, per-client cap behind
/// proxies, CORS), then the routes.
func buildRouter(_ services: APIServices) -> Router<APIRequestContext> {
    // HEAD on every GET route: the GET's headers without its body (uptime monitors, and the
    // CORS preflight advertises it). Routes that would start work (a /data miss) look at the method.
    let router = Router(context: APIRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: RequestIDMiddleware())
    // Each request at debug; at info one summary line a minute (RequestSummaryMiddleware).
    router.add(middleware: LogRequestsMiddleware(.debug))
    router.add(middleware: RequestSummaryMiddleware(logger: services.logger, clock: services.clock))
    router.add(middleware: RequestMetricsMiddleware())
    if services.config.trustedProxyHops > 0 {
        // Behind proxies every connection is theirs: the per-client cap counts requests.
        router.add(
            middleware: ClientRequestLimitMiddleware(
                clients: services.clients, maximum: services.config.limits.maximumConnectionsPerClient))
    }
    router.add(
        middleware: CORSMiddleware(
            allowOrigin: services.config.corsAllowOrigin == "*" ? .all : .custom(services.config.corsAllowOrigin),
            allowHeaders: [.accept, .authorization, .contentType, .origin],
            allowMethods: [.get, .post, .head, .options],
            exposedHeaders: DataRoutes.exposedHeaders + ["X-Request-Id"],
            maxAge: .seconds(3600)))
    HealthRoutes(services: services).add(to: router)
    BackfillRoutes(services: services).add(to: router)
    CacheStatusRoutes(services: services).add(to: router)
    StationRoutes(services: services).add(to: router)
    DataRoutes(services: services).add(to: router)
    FileRoutes(services: services).add(to: router)
    PlayerRoutes(services: services).add(to: router)
    LiveRoutes(services: services).add(to: router)
    return router
}

/// The application: the router on an HTTP/1 server with the configured timeouts and
/// connection cap and `/live`'s WebSocket upgrade (``BoundedHTTP1Channel``), plus the background job runner as a service of
/// its group unless `runsJobs` is false (``APIServer`` runs the runner beside it instead, so a
/// shutdown reaches both at once).
func buildApplication(
    _ services: APIServices, configuration: ApplicationConfiguration, runsJobs: Bool = true,
    onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(services),
        server: .bounded(
            services.config.limits, limitsPeers: services.config.trustedProxyHops == 0,
            webSockets: { [live = LiveRoutes(services: services)] in await live.decide($0, $1) }, logger: services.logger),
        configuration: configuration, services: runsJobs ? [services.runner] : [], onServerRunning: onServerRunning,
        logger: services.logger)
}

/// Every response names its request id (`X-Request-Id`), which the request's log lines
/// carry as `hb.request.id`: a user's report can be matched to the logs.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            var response = try await next(request, context)
            response.headers[.xRequestID] = context.id
            return response
        } catch var error as APIError {
            error.headers[.xRequestID] = context.id
            throw error
        }
    }
}
