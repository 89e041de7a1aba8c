/// How the bucket appears in request URLs.
public struct S3Addressing: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String, Hashable, Sendable {
        case path
        case virtualHost
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// `https://endpoint/bucket/key`. Works with every S3-compatible server (MinIO, SeaweedFS,
    /// Ceph, R2) and with bucket names containing dots; the default.
    public static let path = S3Addressing(.path)
    /// `https://bucket.endpoint/key`. Needed by AWS S3 for new buckets; the server must route
    /// `bucket.host` names (wildcard DNS and certificate).
    public static let virtualHost = S3Addressing(.virtualHost)

    /// `path` or `virtualHost`.
    public var description: String { value.rawValue }
}
