/// A zstd frame could not be written or read.
public struct ZstdError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case library, notZstd, unknownContentSize, tooLarge, trailingData, corrupt, wrongSampleCount
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// libzstd failed while compressing.
        public static let library = Code(.library)
        /// The bytes are not a zstd frame.
        public static let notZstd = Code(.notZstd)
        /// The frame does not record its content size.
        public static let unknownContentSize = Code(.unknownContentSize)
        /// The frame claims more content than allowed.
        public static let tooLarge = Code(.tooLarge)
        /// Bytes follow the first frame.
        public static let trailingData = Code(.trailingData)
        /// The frame is truncated or damaged.
        public static let corrupt = Code(.corrupt)
        /// A chunk payload does not hold the number of samples its key implies.
        public static let wrongSampleCount = Code(.wrongSampleCount)

        public var description: String { value.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Details and what to do.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "zstd \(code): \(message)" }
}
