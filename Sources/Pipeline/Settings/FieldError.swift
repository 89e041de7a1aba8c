/// Input that was refused, naming where it was: the request field, query parameter,
/// environment variable or JSON field at fault (`hours_back`, `scope`, `FDSN_BASE_URL`,
/// `include[2].channel`) and what is accepted there.
///
/// The one error of every parser of outside input in the pipeline (station config, backfill
/// requests, `/data` and cache-status queries, the environment): an HTTP layer answers 400
/// with both parts, an executable exits 2 printing ``description``.
public struct FieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where the input was refused: a field, parameter or variable name.
    public var field: String
    /// What is wrong and what is accepted.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - field: the field, parameter or variable at fault.
    ///   - message: what is wrong and what is accepted.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}
