/// A cache-status query was refused: `field` names the query parameter, `message` says what
/// is accepted (an HTTP layer answers 400 with both).
public struct CacheStatusQueryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The query parameter at fault (`scope`, `network`, `station`, `location`, `channel`, `volcano`).
    public var field: String
    /// What is wrong and what is accepted.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - field: the query parameter at fault.
    ///   - message: what is wrong and what is accepted.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
