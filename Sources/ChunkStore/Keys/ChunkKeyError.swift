/// Why a key, name or code was refused: no input may produce a key outside the layout.
public struct ChunkKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case invalidCode, invalidVolcano, invalidSampleRate, invalidTime, malformedKey
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// A SEED code (network, station, location, channel) has the wrong length or characters.
        public static let invalidCode = Code(.invalidCode)
        /// A volcano name is empty or not `[a-z0-9_-]`.
        public static let invalidVolcano = Code(.invalidVolcano)
        /// A sample rate is not positive and finite or prints as `0` with two decimals.
        public static let invalidSampleRate = Code(.invalidSampleRate)
        /// A start/end is not on a whole second, or the end is not after the start.
        public static let invalidTime = Code(.invalidTime)
        /// A key or file name does not follow the layout.
        public static let malformedKey = Code(.malformedKey)

        public var description: String { value.rawValue }
    }

    /// The kind of problem.
    public var code: Code
    /// The field at fault (`network`, `station`, `location`, `channel`, `volcano`,
    /// `sample_rate`, `start`, `end`, `key`): what an API error names.
    public var field: String
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an error.
    public init(code: Code, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
