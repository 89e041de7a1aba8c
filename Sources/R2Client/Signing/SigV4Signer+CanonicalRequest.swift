extension SigV4Signer {
    /// A canonical request and the `SignedHeaders` list it implies.
    package struct CanonicalRequest: Sendable, Hashable {
        /// The canonical request text (hashed into the string to sign).
        package var text: String
        /// Semicolon-separated lowercase names of the signed headers.
        package var signedHeaders: String
    }

    /// Builds the canonical request: method, path as sent, sorted encoded query, canonical
    /// headers, signed header names, payload hash.
    package func canonicalRequest(_ request: SignableRequest) -> CanonicalRequest {
        let headers = Self.canonicalHeaders(request.headers)
        let signedHeaders = headers.map(\.name).joined(separator: ";")
        let headerLines = headers.map { "\($0.name):\($0.value)\n" }.joined()
        let text = [
            request.method,
            request.encodedPath.isEmpty ? "/" : request.encodedPath,
            Self.canonicalQueryString(request.query),
            headerLines,
            signedHeaders,
            request.payloadSHA256,
        ].joined(separator: "\n")
        return CanonicalRequest(text: text, signedHeaders: signedHeaders)
    }

    /// Each name and value encoded once, `name=value` (an empty value keeps its `=`: `lifecycle=`),
    /// sorted by encoded name then value, joined with `&`. Sent as is on the wire too.
    package static func canonicalQueryString(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (name: S3URIEncoding.encode($0.name), value: S3URIEncoding.encode($0.value)) }
            .sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
            .map { "\($0.name)=\($0.value)" }
            .joined(separator: "&")
    }

    /// Lowercased names, sorted; values trimmed with inner whitespace runs collapsed to one space;
    /// repeated headers joined with `,` in order; unsigned headers left out.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> [(name: String, value: String)] {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased().trimmingASCIIWhitespace()
            guard !unsignedHeaderNames.contains(name) else { continue }
            values[name, default: []].append(collapseWhitespace(header.value))
        }
        return values.keys.sorted().map { (name: $0, value: values[$0, default: []].joined(separator: ",")) }
    }

    private static func collapseWhitespace(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
