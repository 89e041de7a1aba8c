/// A store operation failed.
public struct ObjectStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong; decides what the caller does next.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound, preconditionFailed, transient, invalidKey, invalidRange, permissionDenied, failed
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// There is no object with that key.
        public static let notFound = Code(.notFound)
        /// A conditional write lost: someone else wrote first. Re-read and retry.
        public static let preconditionFailed = Code(.preconditionFailed)
        /// A failure that may pass (timeouts, 5xx, throttling, a busy disk): retry later.
        public static let transient = Code(.transient)
        /// The key cannot be stored (escapes the root, `.`/`..` segments, too long, NUL).
        public static let invalidKey = Code(.invalidKey)
        /// The byte range starts past the object's end.
        public static let invalidRange = Code(.invalidRange)
        /// Credentials or file permissions refuse the operation.
        public static let permissionDenied = Code(.permissionDenied)
        /// Anything else; the message says what.
        public static let failed = Code(.failed)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// The key involved, if any.
    public var key: String?
    /// What happened and what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, key: String?, message: String) {
        self.code = code
        self.key = key
        self.message = message
    }

    public var description: String {
        if let key { return "\(code) (\(key)): \(message)" }
        return "\(code): \(message)"
    }
}
