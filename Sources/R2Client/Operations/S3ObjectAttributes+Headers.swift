import NIOHTTP1

extension S3ObjectAttributes {
    /// Reads the attributes S3 sends with HEAD and GET.
    init(response: S3Response) {
        let contentLength = response.header("content-length").flatMap(Int.init)
        let contentRange = response.header("content-range")
        // `bytes 0-9/1234`: the total after the slash (`*` when unknown).
        let rangeTotal = contentRange.flatMap { $0.split(separator: "/").last }.flatMap { Int($0) }
        var metadata: [String: String] = [:]
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if lower.hasPrefix("x-amz-meta-") {
                metadata[String(lower.dropFirst("x-amz-meta-".count))] = value
            }
        }
        self.init(
            eTag: response.header("etag"),
            contentLength: contentLength,
            contentRange: contentRange,
            objectSize: rangeTotal ?? (contentRange == nil ? contentLength : nil),
            contentType: response.header("content-type"),
            cacheControl: response.header("cache-control"),
            lastModified: response.header("last-modified").flatMap(UTCCalendar.parseHTTPDate),
            metadata: metadata
        )
    }
}
