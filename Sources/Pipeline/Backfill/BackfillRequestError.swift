/// A backfill request that cannot run: `field` names the parameter, `message` what is accepted.
public struct BackfillRequestError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request field (`hours_back`, `volcano`, `station`, ...).
    public var field: String
    /// What is wrong and what is accepted.
    public var message: String

    /// Creates an error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
