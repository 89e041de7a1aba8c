import NIOHTTP1

extension S3Client {
    /// Lists one page of keys (ListObjectsV2).
    ///
    /// ```swift
    /// var token: String? = nil
    /// repeat {
    ///     let page = try await s3.listObjectsV2(prefix: "data/", delimiter: "/", continuationToken: token)
    ///     // page.objects, page.commonPrefixes
    ///     token = page.isTruncated ? page.nextContinuationToken : nil
    /// } while token != nil
    /// ```
    ///
    /// - Parameters:
    ///   - prefix: Only keys starting with this.
    ///   - delimiter: Roll keys up to the first delimiter after the prefix into ``S3ListObjectsV2Result/commonPrefixes`` (usually `/`).
    ///   - continuationToken: ``S3ListObjectsV2Result/nextContinuationToken`` of the previous page.
    ///   - startAfter: Only keys after this one (first page only).
    ///   - maxKeys: At most this many keys and prefixes per page (the store caps it at 1000).
    /// - Returns: One page.
    /// - Throws: ``S3Error``: `noSuchBucket`, `accessDenied`, `invalidResponse` (unreadable XML), ...
    public func listObjectsV2(
        prefix: String? = nil,
        delimiter: String? = nil,
        continuationToken: String? = nil,
        startAfter: String? = nil,
        maxKeys: Int? = nil
    ) async throws -> S3ListObjectsV2Result {
        var query: [(name: String, value: String)] = [(name: "list-type", value: "2")]
        if let prefix { query.append((name: "prefix", value: prefix)) }
        if let delimiter { query.append((name: "delimiter", value: delimiter)) }
        if let continuationToken { query.append((name: "continuation-token", value: continuationToken)) }
        if let startAfter { query.append((name: "start-after", value: startAfter)) }
        if let maxKeys { query.append((name: "max-keys", value: String(max(0, maxKeys)))) }
        let response = try await execute(S3Request(operation: "ListObjectsV2", method: .GET, key: nil, query: query))
        guard let result = Self.parseListObjectsV2(response.body) else {
            throw S3Error(
                code: .invalidResponse,
                message: "the ListObjectsV2 answer is not a ListBucketResult document; is the endpoint an S3 API?",
                httpStatus: response.status,
                requestID: response.header("x-amz-request-id")
            )
        }
        return result
    }

    /// Parses a `<ListBucketResult>` document.
    static func parseListObjectsV2(_ body: [UInt8]) -> S3ListObjectsV2Result? {
        guard let root = XMLNode.parse(body), root.name == "ListBucketResult" else { return nil }
        let objects = root.children("Contents").compactMap { node -> S3ListObjectsV2Result.Object? in
            guard let key = node.childText("Key") else { return nil }
            return S3ListObjectsV2Result.Object(
                key: key,
                size: node.childText("Size").flatMap { Int($0.trimmingASCIISpaces()) } ?? 0,
                eTag: node.childText("ETag"),
                lastModified: node.childText("LastModified").flatMap { UTCCalendar.parseISO8601($0.trimmingASCIISpaces()) }
            )
        }
        let prefixes = root.children("CommonPrefixes").compactMap { $0.childText("Prefix") }
        let truncated = root.childText("IsTruncated")?.trimmingASCIISpaces().lowercased() == "true"
        let token = root.childText("NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        return S3ListObjectsV2Result(objects: objects, commonPrefixes: prefixes, isTruncated: truncated, nextContinuationToken: token)
    }
}

extension String {
    /// Without surrounding spaces and newlines (numbers and flags in XML; never keys, whose spaces are real).
    fileprivate func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
