/// A precondition for ``S3Client/putObject(key:body:contentType:cacheControl:metadata:condition:)``,
/// the building block of optimistic concurrency on R2 and S3.
///
/// If the condition does not hold the store answers 412 and the call throws
/// ``S3Error/Code/preconditionFailed``: someone else won the race.
public struct S3WriteCondition: Hashable, Sendable, CustomStringConvertible {
    private enum Value: Hashable, Sendable {
        case ifMatch(String)
        case ifNoneMatchAny
    }
    private let value: Value
    private init(_ value: Value) { self.value = value }

    /// Write only if the object's current ETag is `eTag` (`If-Match`): replace what you read.
    /// - Parameter eTag: The ETag as returned by this client (with its quotes).
    public static func ifMatch(_ eTag: String) -> S3WriteCondition { S3WriteCondition(.ifMatch(eTag)) }

    /// Write only if no object exists under the key (`If-None-Match: *`): create, never overwrite.
    public static let ifNoneMatchAny = S3WriteCondition(.ifNoneMatchAny)

    /// The header this condition sends.
    var header: (name: String, value: String) {
        switch value {
        case .ifMatch(let eTag): (name: "if-match", value: eTag)
        case .ifNoneMatchAny: (name: "if-none-match", value: "*")
        }
    }

    public var description: String { "\(header.name): \(header.value)" }
}
