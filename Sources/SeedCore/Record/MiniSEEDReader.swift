/// Reads miniSEED 2 and 3 records (mixed freely in one input) into traces, the way
/// `obspy.read` does.
///
/// Records are joined into one trace when they continue the last trace of the same
/// channel and quality in file order within half a sample (libmseed's tolerance, as
/// ObsPy's reader applies it); out-of-order records start new traces, which a later
/// ``TraceMerger`` puts together. A record that cannot be decoded is skipped with a
/// warning naming its byte offset; the rest of the input still decodes.
///
/// ```swift
/// let result = try MiniSEEDReader().read(bytes)
/// for warning in result.warnings { print(warning) }
/// let traces = result.traces.filter { $0.id == SourceID("HV.UWE..HHZ") }
/// ```
public struct MiniSEEDReader: Sendable {
    /// Creates a reader.
    public init() {}

    /// Decodes every record of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: a whole miniSEED file or response body (version 2, 3, or both).
    ///   - include: decides per channel whether its samples are decoded; other channels'
    ///     records are skipped (not counted, not warned about).
    /// - Throws: `emptyInput` for no bytes and `notMiniSEED` when not a single record could
    ///   be found.
    public func read(
        _ bytes: [UInt8],
        including include: (SourceID) -> Bool = { _ in true }
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        try Self.withBuffer(bytes) { buffer throws(MiniSEEDError) in try read(buffer, including: include) }
    }

    /// Decodes the records of `bytes` that `window` needs; see
    /// ``read(_:including:within:)-(UnsafeRawBufferPointer,_,_)``.
    public func read(
        _ bytes: [UInt8],
        including include: (SourceID) -> Bool,
        within window: TimeWindow
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        try Self.withBuffer(bytes) { buffer throws(MiniSEEDError) in try read(buffer, including: include, within: window) }
    }

    /// Runs `body` on the bytes of `bytes` (typed throws through `withUnsafeBytes`).
    private static func withBuffer(
        _ bytes: [UInt8], _ body: (UnsafeRawBufferPointer) throws(MiniSEEDError) -> MiniSEEDReadResult
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        var outcome: Result<MiniSEEDReadResult, MiniSEEDError> = .failure(MiniSEEDError(code: .emptyInput, message: ""))
        bytes.withUnsafeBytes { buffer in
            outcome = Result { () throws(MiniSEEDError) in try body(buffer) }
        }
        return try outcome.get()
    }

    /// Decodes every record of `buffer`; see ``read(_:including:)-([UInt8],_)``.
    public func read(
        _ buffer: UnsafeRawBufferPointer,
        including include: (SourceID) -> Bool = { _ in true }
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        try decode(buffer, including: include, window: nil)
    }

    /// Decodes only the records of `buffer` that `window` needs (``WindowRecordSelection``):
    /// other records are found by their headers and skipped before their samples are decoded,
    /// so a window of a month-long file costs the window. Cutting `window` from the result
    /// gives what cutting it from ``read(_:including:)-(UnsafeRawBufferPointer,_)`` gives.
    ///
    /// - Parameters:
    ///   - buffer: a whole miniSEED file or response body.
    ///   - include: as in ``read(_:including:)-([UInt8],_)``.
    ///   - window: the time window the traces will be cut to.
    /// - Throws: as ``read(_:including:)-([UInt8],_)``.
    public func read(
        _ buffer: UnsafeRawBufferPointer,
        including include: (SourceID) -> Bool,
        within window: TimeWindow
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        try decode(buffer, including: include, window: window)
    }

    private func decode(
        _ buffer: UnsafeRawBufferPointer,
        including include: (SourceID) -> Bool,
        window: TimeWindow?
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        guard buffer.count > 0 else {
            throw MiniSEEDError(code: .emptyInput, byteOffset: 0, message: "the input is empty (0 bytes)")
        }
        if buffer.count < 48 && !RecordHeader.isMiniSEED3(buffer, at: 0) {
            throw MiniSEEDError(
                code: .notMiniSEED, byteOffset: 0,
                message: "only \(buffer.count) bytes; a miniSEED 2 record is at least 128 bytes")
        }
        var builder = TraceBuilder()
        var warnings: [MiniSEEDError] = []
        var records: [RecordHeader] = []
        var headerFailures = 0
        var offset = 0
        var resyncOffset = -1

        // Pass 1: headers only, so each trace's storage can be allocated once.
        var parsed: [ParsedRecord] = []
        // Room for every record if they are all as long as the first (no regrowth copies).
        if let first = Self.recordLength(buffer, at: 0), first > 0 {
            parsed.reserveCapacity(buffer.count / first + 1)
        }
        var largestRecord = 0
        var codes = RecordHeader.CodeCache()
        while offset < buffer.count {
            if RecordHeader.isBlankRecord(buffer, at: offset) {
                // Blank/noise records are padding: libmseed and ObsPy skip them silently.
                offset += RecordHeader.resyncStep
                continue
            }
            let header: RecordHeader
            do {
                header = try RecordHeader(parsing: buffer, at: offset, codes: &codes)
            } catch {
                if error.code == .invalidHeader || error.code == .missingBlockette1000 {
                    headerFailures += 1
                    // Unknown length: step to the next place a record could start, warning
                    // once per run of unreadable bytes rather than once per step.
                    if offset != resyncOffset { warnings.append(error) }
                    offset += RecordHeader.resyncStep
                    resyncOffset = offset
                    continue
                }
                warnings.append(error)
                if error.code == .truncatedRecord { break }
                // Length is known (blockette 1000 or the miniSEED 3 lengths were read): skip exactly this record.
                offset += Self.recordLength(buffer, at: offset) ?? RecordHeader.resyncStep
                continue
            }
            if include(header.sourceID) {
                parsed.append(ParsedRecord(offset: offset, header: header, token: header.formatVersion == 2 ? codes.token : 0))
                largestRecord = Swift.max(largestRecord, header.sampleCount * (header.encoding.sampleKind?.byteWidth ?? 4))
            }
            offset += header.recordLength
        }
        let scratch = UnsafeMutableRawBufferPointer.allocate(
            byteCount: largestRecord + 8 * SteimDecoding.slack, alignment: 8)
        defer { scratch.deallocate() }
        let decoder = RecordDecoder()
        if let window {
            parsed = Self.select(parsed, window: window) { record in
                (try? decoder.decode(buffer, at: record.offset, header: record.header, into: scratch)) != nil
            }
        }
        builder.plan(parsed)
        records.reserveCapacity(parsed.count)
        // Pass 2: decode the data, each record into one reused scratch buffer.
        var decodeWarnings: [MiniSEEDError] = []
        parsed.withUnsafeBufferPointer { parsed in
            for entry in parsed.indices {
                do throws(MiniSEEDError) {
                    let kind = try decoder.decode(buffer, at: parsed[entry].offset, header: parsed[entry].header, into: scratch)
                    builder.add(
                        parsed[entry].header, token: parsed[entry].token, samples: scratch.baseAddress.unsafelyUnwrapped,
                        kind: kind)
                    records.append(parsed[entry].header)
                } catch {
                    builder.skip()
                    decodeWarnings.append(error)
                }
            }
        }
        if !decodeWarnings.isEmpty {
            warnings = (warnings + decodeWarnings).sorted { $0.byteOffset < $1.byteOffset }
        }
        if records.isEmpty && headerFailures > 0 && warnings.allSatisfy({ $0.code == .invalidHeader }) {
            throw MiniSEEDError(
                code: .notMiniSEED, byteOffset: 0,
                message: "no miniSEED record found in \(buffer.count) bytes; is this a miniSEED file?")
        }
        return MiniSEEDReadResult(traces: builder.traces(), records: records, warnings: warnings)
    }

    /// The records of `parsed` that `window` needs, in input order.
    private static func select(
        _ parsed: [ParsedRecord], window: TimeWindow, decodes: (ParsedRecord) -> Bool
    ) -> [ParsedRecord] {
        var channels: [SourceID: Int] = [:]
        let described = parsed.map { record in
            let channel = channels[record.header.sourceID] ?? channels.count
            channels[record.header.sourceID] = channel
            return WindowRecordSelection.Record(channel: channel, header: record.header)
        }
        return WindowRecordSelection(window: window).select(described) { decodes(parsed[$0]) }.map { parsed[$0] }
    }

    /// The length of the record at `offset` when its header is readable enough to say
    /// (blockette 1000, or miniSEED 3's lengths) although the record is refused.
    static func recordLength(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        if RecordHeader.isMiniSEED3(buffer, at: offset) {
            guard buffer.count - offset >= RecordHeader.miniSEED3FixedLength else { return nil }
            return RecordHeader.miniSEED3FixedLength + Int(buffer[offset + 33])
                + Int(buffer.load(at: offset + 34, as: UInt16.self, .littleEndian))
                + Int(buffer.load(at: offset + 36, as: UInt32.self, .littleEndian))
        }
        guard buffer.count - offset >= 48 else { return nil }
        for order in [ByteOrder.bigEndian, .littleEndian] {
            var blockette = Int(buffer.load(at: offset + 46, as: UInt16.self, order))
            var steps = 0
            while blockette >= 48, offset + blockette + 8 <= buffer.count, steps < 64 {
                steps += 1
                if buffer.load(at: offset + blockette, as: UInt16.self, order) == 1000 {
                    let exponent = Int(buffer[offset + blockette + 6])
                    return (7...20).contains(exponent) ? 1 << exponent : nil
                }
                let next = Int(buffer.load(at: offset + blockette + 2, as: UInt16.self, order))
                guard next > blockette else { break }
                blockette = next
            }
        }
        return nil
    }
}

/// A record found by the reader's first pass, with its codes' token (0 for miniSEED 3: no
/// token; see ``RecordHeader/CodeCache``).
struct ParsedRecord {
    var offset: Int
    var header: RecordHeader
    var token: Int
}

/// What ``MiniSEEDReader`` found in one input.
public struct MiniSEEDReadResult: Sendable {
    /// Traces in ObsPy's order: by channel and quality in order of first appearance, then
    /// by the order their first record appeared.
    public var traces: [Trace]
    /// Headers of the records that decoded, in input order.
    public var records: [RecordHeader]
    /// One entry per record that was skipped, naming its byte offset and why.
    public var warnings: [MiniSEEDError]

    /// Creates a result.
    public init(traces: [Trace], records: [RecordHeader], warnings: [MiniSEEDError]) {
        self.traces = traces
        self.records = records
        self.warnings = warnings
    }
}
