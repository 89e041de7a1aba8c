/// Splits what a SeedLink 3.1 server sends into its two shapes: answer lines during the
/// handshake (`HELLO`'s two lines, `OK`, `ERROR`) and, once `END` started the stream, 520-byte
/// packets — `SL`, six hexadecimal digits of sequence number and one 512-byte miniSEED 2 record
/// — or `SLINFO` packets answering `INFO`. Pure bytes in, frames out: no socket, so every
/// framing rule is tested without a server.
public struct SeedLinkFramer: Sendable {
    /// One packet of the data stream.
    public enum Frame: Equatable, Sendable {
        /// A data packet: its sequence number (0 … 0xFFFFFF, wrapping) and its record.
        case data(sequence: Int, record: [UInt8])
        /// An `INFO` answer's packet; `final` is false while more of the answer follows (`SLINFO *`).
        case info(record: [UInt8], final: Bool)
        /// A line the server sent in the stream instead of a packet (`ERROR`, `END`).
        case line(String)
    }

    /// Bytes of a 3.1 packet header (`SL` + six hex digits, or `SLINFO` + a flag and a space).
    public static let headerLength = 8
    /// Bytes of the miniSEED record every 3.1 packet carries.
    public static let recordLength = 512
    /// Sequence numbers wrap after this (six hexadecimal digits).
    public static let sequenceModulus = 0x100_0000

    private var bytes: [UInt8] = []
    private var start = 0

    /// Creates an empty framer.
    public init() {}

    /// Bytes received and not yet taken as a line or a packet.
    public var buffered: Int { bytes.count - start }

    /// Adds received bytes.
    public mutating func append(_ received: some Sequence<UInt8>) {
        if start > 0, start >= bytes.count / 2 {
            bytes.removeFirst(start)
            start = 0
        }
        bytes.append(contentsOf: received)
    }

    /// The next whole line (without its `\r\n` or `\n`), or `nil` until one has arrived.
    public mutating func nextLine() -> String? {
        guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        var last = end
        if last > start, bytes[last - 1] == UInt8(ascii: "\r") { last -= 1 }
        let line = String(decoding: bytes[start..<last], as: UTF8.self)
        start = end + 1
        return line
    }

    /// The next frame of the stream, or `nil` until a whole one has arrived.
    /// - Throws: ``SeedLinkError/malformedStream(_:)`` when the bytes are neither a packet
    ///   nor a line: the connection cannot be read further and must be opened again.
    public mutating func nextFrame() throws(SeedLinkError) -> Frame? {
        guard buffered >= 2 else { return nil }
        guard bytes[start] == UInt8(ascii: "S"), bytes[start + 1] == UInt8(ascii: "L") else {
            // Not a packet: a line such as `ERROR` (sent instead of data), else garbage.
            let window = bytes[start..<min(bytes.count, start + 80)]
            let text = window.prefix { $0 != 0x0A }
            if text.allSatisfy({ $0 == 0x0D || (0x20..<0x7F).contains($0) }) {
                if text.count < window.count, let line = nextLine() { return .line(line) }
                if buffered < 80 { return nil }
            }
            throw .malformedStream("expected a packet (`SL…`), got \(Self.describe(window))")
        }
        guard buffered >= Self.headerLength + Self.recordLength else { return nil }
        let header = Array(bytes[start..<(start + Self.headerLength)])
        let record = Array(bytes[(start + Self.headerLength)..<(start + Self.headerLength + Self.recordLength)])
        let frame: Frame
        if header.starts(with: Array("SLINFO".utf8)) {
            frame = .info(record: record, final: header[7] != UInt8(ascii: "*"))
        } else if let sequence = Int(String(decoding: header[2...], as: UTF8.self), radix: 16),
            header[2...].allSatisfy({ Self.isHexDigit($0) })
        {
            frame = .data(sequence: sequence, record: record)
        } else {
            throw .malformedStream("bad packet header \(Self.describe(header[...]))")
        }
        start += Self.headerLength + Self.recordLength
        return frame
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func describe(_ bytes: ArraySlice<UInt8>) -> String {
        let text = bytes.prefix(16).map { (0x20..<0x7F).contains($0) ? String(UnicodeScalar($0)) : "." }.joined()
        return "\"\(text)\" (\(bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")))"
    }
}
