/// A byte range of an object for ``S3Client/getObject(key:range:ifNoneMatch:maximumBytes:)`` (`Range: bytes=...`).
public struct S3ByteRange: Hashable, Sendable, CustomStringConvertible {
    private enum Value: Hashable, Sendable {
        case closed(Int, Int)
        case from(Int)
        case suffix(Int)
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// Bytes `range.lowerBound` through `range.upperBound`, inclusive (`bytes=0-9` is 10 bytes).
    public static func bytes(_ range: ClosedRange<Int>) -> S3ByteRange { S3ByteRange(.closed(range.lowerBound, range.upperBound)) }

    /// From `offset` to the end (`bytes=offset-`).
    public static func from(_ offset: Int) -> S3ByteRange { S3ByteRange(.from(offset)) }

    /// The last `length` bytes (`bytes=-length`).
    public static func suffix(_ length: Int) -> S3ByteRange { S3ByteRange(.suffix(length)) }

    /// The `Range` header value, e.g. `bytes=0-9`.
    public var headerValue: String {
        switch value {
        case .closed(let first, let last): "bytes=\(first)-\(last)"
        case .from(let first): "bytes=\(first)-"
        case .suffix(let length): "bytes=-\(length)"
        }
    }

    /// Whether the range is well-formed (non-negative offsets, a positive suffix length).
    var isValid: Bool {
        switch value {
        case .closed(let first, _): first >= 0
        case .from(let first): first >= 0
        case .suffix(let length): length > 0
        }
    }

    public var description: String { headerValue }
}
