/// The parts of an HTTP request that SigV4 signs, exactly as they go on the wire.
package struct SignableRequest: Sendable {
    /// The HTTP method, e.g. `GET`.
    package var method: String
    /// The request path exactly as sent on the request line (already percent-encoded once, see
    /// ``S3URIEncoding/encodePath(_:)``). S3 signs it as is: no second encoding, no normalisation.
    package var encodedPath: String
    /// Query parameters, not encoded (the signer encodes and sorts them; send
    /// ``SigV4Signer/canonicalQueryString(_:)`` so that the wire and the signature agree).
    package var query: [(name: String, value: String)]
    /// Headers to send, including `host`. The signer leaves out those a proxy or the HTTP client
    /// may change (``SigV4Signer/unsignedHeaderNames``).
    package var headers: [(name: String, value: String)]
    /// Lowercase hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    package var payloadSHA256: String

    package init(
        method: String,
        encodedPath: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payloadSHA256: String
    ) {
        self.method = method
        self.encodedPath = encodedPath
        self.query = query
        self.headers = headers
        self.payloadSHA256 = payloadSHA256
    }
}
