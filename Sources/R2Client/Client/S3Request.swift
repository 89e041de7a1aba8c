import NIOHTTP1

/// One S3 operation's request before addressing and signing.
struct S3Request: Sendable {
    /// The S3 operation name, for logs (`PutObject`).
    var operation: String
    var method: HTTPMethod
    /// The object key, or `nil` for bucket-level requests (list, create bucket).
    var key: String?
    /// Query parameters, not encoded.
    var query: [(name: String, value: String)] = []
    /// Headers to send and sign (lowercase names), besides `host` and the SigV4 headers.
    var headers: [(name: String, value: String)] = []
    /// The body (`PUT` only).
    var body: [UInt8]? = nil
}
