/// The station configuration is invalid; `field` names the JSON field or option at fault.
public struct StationConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The field (`volcanoes`, `stations_per_volcano`, `include[2].channel`, ...).
    public var field: String
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
