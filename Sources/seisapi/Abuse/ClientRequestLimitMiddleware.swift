import Hummingbird
import Synchronization

/// ``ServerLimits/maximumConnectionsPerClient`` behind trusted proxies: there every
/// connection is the proxy's, so the cap counts each client's requests in progress (a
/// response counts until its body is written) instead of its connections. Past it the
/// client gets `429` with `Retry-After: 1`; other clients are not affected.
struct ClientRequestLimitMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let clients: ClientIdentity
    let maximum: Int
    private let inProgress = InProgress()

    init(clients: ClientIdentity, maximum: Int) {
        self.clients = clients
        self.maximum = max(1, maximum)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let client = clients.client(forwardedFor: request.headers[.xForwardedFor], peer: context.remoteAddress)
        guard inProgress.take(client, maximum: maximum) else {
            var error = APIError(
                .tooManyRequests, "this client has \(maximum) requests in progress, its limit; retry in a second")
            error.headers[.retryAfter] = "1"
            throw error
        }
        let slot = Slot(client: client, owner: inProgress)
        var response = try await next(request, context)
        // HEAD answers drop the body (Hummingbird's generated HEAD), so nothing is left to wait for.
        guard request.method != .head else { return response }
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            defer { slot.release() }
            try await body.write(writer)
        }
        return response
    }

    /// One request's place: given back when its body is written, or when the response is
    /// dropped unwritten (the connection closed first), whichever comes first.
    final class Slot: Sendable {
        let client: String
        let owner: InProgress
        private let released = Atomic<Bool>(false)

        init(client: String, owner: InProgress) {
            self.client = client
            self.owner = owner
        }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { owner.give(client) }
        }

        deinit { release() }
    }

    /// Requests in progress per client.
    final class InProgress: Sendable {
        private let counts = Mutex<[String: Int]>([:])

        func take(_ client: String, maximum: Int) -> Bool {
            counts.withLock { counts in
                let held = counts[client, default: 0]
                guard held < maximum else { return false }
                counts[client] = held + 1
                return true
            }
        }

        func give(_ client: String) {
            counts.withLock { counts in
                let held = counts[client, default: 1] - 1
                counts[client] = held > 0 ? held : nil
            }
        }
    }
}
