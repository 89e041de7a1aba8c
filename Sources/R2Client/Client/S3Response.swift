import NIOHTTP1

/// A response fully read: status, headers, body.
struct S3Response: Sendable {
    var status: Int
    var headers: HTTPHeaders
    var body: [UInt8]

    /// The first value of a header, if present and not empty.
    func header(_ name: String) -> String? {
        headers.first(name: name).flatMap { $0.isEmpty ? nil : $0 }
    }
}
