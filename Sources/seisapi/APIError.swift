import Foundation
import HTTPTypes
import Logging
import Hummingbird
import NIOCore

/// An error the API answers with `{"error": ..., "field": ...}` and its status.
///
/// What goes to the caller names fields and says what to do; what only the operator may see
/// (the store's error with its paths, process ids, hosts) is the ``detail``, which goes to
/// the log with the request's id (the answer carries it as `X-Request-Id`).
struct APIError: HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var field: String?
    var headers: HTTPFields = [:]
    /// Logged at `error` with the request, never sent.
    var detail: String?

    init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, detail: String? = nil) {
        self.status = status
        self.message = message
        self.field = field
        self.detail = detail
    }

    /// The store failed: `503` with `Retry-After`, the store's error only in the log.
    static func storeFailed(_ error: some Error) -> APIError {
        var answer = APIError(
            .serviceUnavailable, "the store is unavailable; retry shortly (X-Request-Id names this failure in the server log)",
            detail: "\(error)")
        answer.headers[.retryAfter] = "5"
        return answer
    }

    /// Something the caller cannot fix: `500`, the error only in the log.
    static func internalFailure(_ error: some Error) -> APIError {
        APIError(
            .internalServerError, "the server could not answer (X-Request-Id names this failure in the server log)",
            detail: "\(error)")
    }

    private struct Body: Encodable {
        var error: String
        var field: String?
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        if let detail {
            context.logger.error(
                "request failed",
                metadata: ["http.status": "\(status.code)", "http.error": "\(message)", "http.error.detail": "\(detail)"])
        }
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: body))
    }

    /// The JSON body, `{"error": ..., "field": ...}`.
    var body: ByteBuffer {
        ByteBuffer(bytes: (try? JSONEncoder().encode(Body(error: message, field: field))) ?? Data("{}".utf8))
    }
}

/// JSON responses with sorted keys (stable for tests, diffs and caches).
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func bytes(_ value: some Encodable) throws -> ByteBuffer {
        ByteBuffer(bytes: try encoder.encode(value))
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: try bytes(value)))
    }
}
