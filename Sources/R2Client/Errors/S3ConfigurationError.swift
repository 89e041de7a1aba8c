/// An invalid or incomplete ``S3Configuration``; names the variable or parameter and how to fix it.
public struct S3ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case missingVariable
            case invalidValue
            case conflictingStores
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A store is partly configured: this variable is missing or empty.
        public static let missingVariable = Code(.missingVariable)
        /// A variable or parameter has a value that cannot work (bad URL, bucket name, ...).
        public static let invalidValue = Code(.invalidValue)
        /// Both `R2_*` and `S3_*` variables are set; it is unclear which store to use.
        public static let conflictingStores = Code(.conflictingStores)

        /// The code's name, e.g. `missingVariable`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The environment variable (or parameter) at fault, e.g. `R2_SECRET_ACCESS_KEY`.
    public var variable: String
    /// What is wrong and what to do about it. Never contains a secret value.
    public var message: String

    /// Creates an error.
    public init(code: Code, variable: String, message: String) {
        self.code = code
        self.variable = variable
        self.message = message
    }

    public var description: String { "\(code) \(variable): \(message)" }
}
