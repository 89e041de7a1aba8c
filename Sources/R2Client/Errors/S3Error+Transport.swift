import AsyncHTTPClient

extension S3Error {
    /// The error a failed exchange (no HTTP response) means.
    static func fromTransport(_ error: any Error, key: String?) -> S3Error {
        if let error = error as? HTTPClientError {
            let timeouts: [HTTPClientError] = [
                .readTimeout, .writeTimeout, .connectTimeout, .deadlineExceeded, .tlsHandshakeTimeout,
                .getConnectionFromPoolTimeout, .socksHandshakeTimeout, .httpProxyHandshakeTimeout,
            ]
            // No `.incompatibleHeaders`: AsyncHTTPClient deprecated it and no longer throws it (it
            // corrects such headers itself), so there is nothing to map.
            let misuse: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .alreadyShutdown, .missingSocketPath, .traceRequestWithBody,
                .invalidProxyConfiguration,
            ]
            if timeouts.contains(error) {
                return S3Error(code: .timeout, message: "the request timed out (\(error)); the store or the network is slow", key: key)
            }
            if misuse.contains(error) {
                return S3Error(
                    code: .invalidRequest,
                    message: "the HTTP client refused the request (\(error)); check the endpoint and that the HTTPClient is not shut down",
                    key: key
                )
            }
        }
        // Connection refused or reset, DNS, TLS, a closed channel: the network between us and the
        // store, worth retrying.
        return S3Error(
            code: .connectionFailed,
            message: "the connection to the store failed (\(error)); check the endpoint and the network",
            key: key
        )
    }
}
