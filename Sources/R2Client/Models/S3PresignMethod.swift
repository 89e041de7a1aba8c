/// The HTTP method a presigned URL is valid for.
public struct S3PresignMethod: Hashable, Sendable, CustomStringConvertible {
    private enum Value: String, Hashable, Sendable {
        case GET
        case PUT
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// Download the object.
    public static let get = S3PresignMethod(.GET)
    /// Upload the object (any body and content type: only `host` is signed).
    public static let put = S3PresignMethod(.PUT)

    /// `GET` or `PUT`.
    public var description: String { value.rawValue }
}
