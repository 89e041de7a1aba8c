/// A day-metadata file could not be read or updated.
public struct MetadataError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable { case unreadable, mismatch, tooManyConflicts, store }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The stored file is not day-metadata JSON.
        public static let unreadable = Code(.unreadable)
        /// The stored file describes another channel or day than its key.
        public static let mismatch = Code(.mismatch)
        /// Other writers kept winning the conditional write; retries ran out.
        public static let tooManyConflicts = Code(.tooManyConflicts)

        /// The store failed (see ``MetadataError/storeError``).
        public static let store = Code(.store)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// What happened and what to do.
    public var message: String

    /// The store's error, for `store`.
    public var storeError: ObjectStoreError?

    /// Creates an error.
    public init(code: Code, message: String, storeError: ObjectStoreError? = nil) {
        self.code = code
        self.message = message
        self.storeError = storeError
    }

    public var description: String { "\(code): \(message)" }
}
