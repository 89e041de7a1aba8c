/// An error from decoding miniSEED or processing traces.
///
/// Every error names what went wrong, where (the byte offset of the record in the input,
/// or `-1` when it is not about one record) and what to do about it.
public struct MiniSEEDError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case emptyInput
            case notMiniSEED
            case miniSEED3
            case invalidHeader
            case missingBlockette1000
            case invalidRecordLength
            case truncatedRecord
            case unsupportedEncoding
            case corruptData
            case integrityCheckFailed
            case incompatibleTraces
            case noData
            case invalidWindow
            case tooManySamples
            case invalidSampleRate
            case invalidStartTime
            case textRecords
            case checksumMismatch
            case unreadableFile
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The input holds no bytes.
        public static let emptyInput = Code(.emptyInput)
        /// The bytes are not miniSEED (no valid fixed header).
        public static let notMiniSEED = Code(.notMiniSEED)
        /// The input is miniSEED 3. No longer thrown: miniSEED 3 is read like miniSEED 2 (kept
        /// so that code switching over codes still compiles).
        public static let miniSEED3 = Code(.miniSEED3)
        /// A fixed-header field is impossible (quality, time, offsets).
        public static let invalidHeader = Code(.invalidHeader)
        /// The record has no blockette 1000 and either no record header follows it (its length
        /// is unknown) or its data do not decode as Steim1, libmseed's fallback encoding.
        public static let missingBlockette1000 = Code(.missingBlockette1000)
        /// Blockette 1000 gives a record length outside 128...1048576 (2^7...2^20).
        public static let invalidRecordLength = Code(.invalidRecordLength)
        /// The input ends inside the record.
        public static let truncatedRecord = Code(.truncatedRecord)
        /// The data encoding is none of those libmseed decodes (INT24, USNN, Graefenberg, ...).
        public static let unsupportedEncoding = Code(.unsupportedEncoding)
        /// The encoded data cannot yield the header's sample count.
        public static let corruptData = Code(.corruptData)
        /// Steim: the last decoded sample differs from the frame's reverse-integration constant.
        public static let integrityCheckFailed = Code(.integrityCheckFailed)
        /// Traces of one channel differ in sample rate or sample type and cannot be merged.
        public static let incompatibleTraces = Code(.incompatibleTraces)
        /// The channel has no data in the requested window.
        public static let noData = Code(.noData)
        /// The requested window is empty, reversed or not on whole seconds.
        public static let invalidWindow = Code(.invalidWindow)
        /// Merging or cutting would need more samples than the configured limit (usually a
        /// corrupt time or rate in a record).
        public static let tooManySamples = Code(.tooManySamples)

        /// The sample rate (rate factor and multiplier, or blockette 100's actual rate) is not a
        /// finite number, is negative, or is 0 (or so small that the record would span decades)
        /// for a record that carries data samples.
        public static let invalidSampleRate = Code(.invalidSampleRate)
        /// A start-time field (year, day of year, hour, minute, second, fraction) is out of
        /// range, or the record's samples would end beyond the representable time range.
        public static let invalidStartTime = Code(.invalidStartTime)

        /// The channel holds text (ASCII) records, log messages rather than samples: they are
        /// read and listed, but cannot be merged or cut into a window.
        public static let textRecords = Code(.textRecords)
        /// miniSEED 3: the record's CRC-32C differs from the one in its header.
        public static let checksumMismatch = Code(.checksumMismatch)

        /// A file could not be opened, examined or mapped (the message says why).
        public static let unreadableFile = Code(.unreadableFile)

        /// The code's name, e.g. `integrityCheckFailed`.
        public var description: String { value.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// Byte offset of the offending record in the input, or `-1`.
    public var byteOffset: Int
    /// What happened and what to do about it.
    public var message: String

    /// Creates an error.
    public init(code: Code, byteOffset: Int = -1, message: String) {
        self.code = code
        self.byteOffset = byteOffset
        self.message = message
    }

    public var description: String {
        byteOffset >= 0 ? "\(code) at byte \(byteOffset): \(message)" : "\(code): \(message)"
    }
}
