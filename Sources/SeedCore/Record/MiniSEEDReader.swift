/// Reads miniSEED 2 records into traces, the way `obspy.read` does.
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
    ///   - bytes: a whole miniSEED 2 file or response body.
    ///   - include: decides per channel whether its samples are decoded; other channels'
    ///     records are skipped (not counted, not warned about).
    /// - Throws: `emptyInput` for no bytes, `miniSEED3` for miniSEED 3 input, and
    ///   `notMiniSEED` when not a single record could be found.
    public func read(
        _ bytes: [UInt8],
        including include: (SourceID) -> Bool = { _ in true }
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        var outcome: Result<MiniSEEDReadResult, MiniSEEDError> = .failure(MiniSEEDError(code: .emptyInput, message: ""))
        bytes.withUnsafeBytes { buffer in
            outcome = Result { () throws(MiniSEEDError) in try read(buffer, including: include) }
        }
        return try outcome.get()
    }

    /// Decodes every record of `buffer`; see ``read(_:including:)-([UInt8],_)``.
    public func read(
        _ buffer: UnsafeRawBufferPointer,
        including include: (SourceID) -> Bool = { _ in true }
    ) throws(MiniSEEDError) -> MiniSEEDReadResult {
        guard buffer.count > 0 else {
            throw MiniSEEDError(code: .emptyInput, byteOffset: 0, message: "the input is empty (0 bytes)")
        }
        if buffer.count < 48 && !(buffer.count >= 3 && buffer[0] == 77 && buffer[1] == 83 && buffer[2] == 3) {
            throw MiniSEEDError(
                code: .notMiniSEED, byteOffset: 0,
                message: "only \(buffer.count) bytes; a miniSEED record is at least 128 bytes")
        }
        var builder = TraceBuilder()
        var warnings: [MiniSEEDError] = []
        var records: [RecordHeader] = []
        var headerFailures = 0
        var offset = 0
        var resyncOffset = -1
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: 65_536 * 8, alignment: 8)
        defer { scratch.deallocate() }

        // Pass 1: headers only, so each trace's storage can be allocated once.
        var parsed: [(offset: Int, header: RecordHeader)] = []
        while offset < buffer.count {
            let header: RecordHeader
            do {
                header = try RecordHeader(parsing: buffer, at: offset)
            } catch {
                if error.code == .miniSEED3 && offset == 0 { throw error }
                if error.code == .invalidHeader || error.code == .missingBlockette1000 || error.code == .miniSEED3 {
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
                // Length is known (blockette 1000 was read): skip exactly this record.
                offset += Self.recordLength(buffer, at: offset) ?? RecordHeader.resyncStep
                continue
            }
            if include(header.sourceID) { parsed.append((offset, header)) }
            offset += header.recordLength
        }
        builder.plan(parsed.map(\.header))
        // Pass 2: decode the data.
        var decodeWarnings: [MiniSEEDError] = []
        for (offset, header) in parsed {
            do {
                let kind = try decodeSamples(buffer, at: offset, header: header, into: scratch)
                builder.add(header, samples: scratch, kind: kind)
                records.append(header)
            } catch {
                builder.skip()
                decodeWarnings.append(error)
            }
        }
        if !decodeWarnings.isEmpty {
            warnings = (warnings + decodeWarnings).sorted { $0.byteOffset < $1.byteOffset }
        }
        if records.isEmpty && headerFailures > 0 && warnings.allSatisfy({ $0.code == .invalidHeader }) {
            throw MiniSEEDError(
                code: .notMiniSEED, byteOffset: 0,
                message: "no miniSEED 2 record found in \(buffer.count) bytes; is this a miniSEED file?")
        }
        return MiniSEEDReadResult(traces: builder.traces(), records: records, warnings: warnings)
    }

    /// The record length blockette 1000 announces at `offset`, if it can be read.
    static func recordLength(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        guard buffer.count - offset >= 48 else { return nil }
        for order in [ByteOrder.bigEndian, .littleEndian] {
            var blockette = Int(buffer.load(at: offset + 46, as: UInt16.self, order))
            var steps = 0
            while blockette >= 48, offset + blockette + 8 <= buffer.count, steps < 64 {
                steps += 1
                if buffer.load(at: offset + blockette, as: UInt16.self, order) == 1000 {
                    let exponent = Int(buffer[offset + blockette + 6])
                    return (7...16).contains(exponent) ? 1 << exponent : nil
                }
                let next = Int(buffer.load(at: offset + blockette + 2, as: UInt16.self, order))
                guard next > blockette else { break }
                blockette = next
            }
        }
        return nil
    }

    /// Decodes the record's samples into `scratch` (room for 65,536 samples of 8 bytes).
    private func decodeSamples(
        _ buffer: UnsafeRawBufferPointer,
        at offset: Int,
        header: RecordHeader,
        into scratch: UnsafeMutableRawPointer
    ) throws(MiniSEEDError) -> SampleKind {
        let count = header.sampleCount
        let kind = header.encoding.sampleKind ?? .int32
        guard count > 0 else { return kind }
        let data = UnsafeRawBufferPointer(
            rebasing: buffer[(offset + header.dataOffset)..<(offset + header.recordLength)])
        let order = header.dataByteOrder
        func tooShort(_ bytesPerSample: Int) -> MiniSEEDError {
            MiniSEEDError(
                code: .corruptData, byteOffset: offset,
                message: "\(count) \(header.encoding) samples need \(count * bytesPerSample) bytes "
                    + "but the data section has \(data.count)")
        }
        switch header.encoding {
        case .steim1, .steim2:
            let out = scratch.assumingMemoryBound(to: Int32.self)
            let level = header.encoding == .steim1 ? 1 : 2
            let result: SteimDecoding.Output
            do {
                result = try SteimDecoding.decode(data, level: level, order: order, count: count, into: out)
            } catch {
                throw MiniSEEDError(code: error.code, byteOffset: offset, message: error.message)
            }
            guard result.count == count else {
                throw MiniSEEDError(
                    code: .corruptData, byteOffset: offset,
                    message: "Steim\(level) frames hold \(result.count) samples but the header announces \(count)")
            }
            guard result.lastSample == result.xn else {
                throw MiniSEEDError(
                    code: .integrityCheckFailed, byteOffset: offset,
                    message: "Steim\(level) integrity check failed: last sample \(result.lastSample) "
                        + "but frame 0 says \(result.xn); the record is corrupt and was skipped")
            }
        case .int16:
            guard data.count >= count * 2 else { throw tooShort(2) }
            PlainDecoding.int16(data, order: order, count: count, into: scratch.assumingMemoryBound(to: Int32.self))
        case .int32:
            guard data.count >= count * 4 else { throw tooShort(4) }
            PlainDecoding.int32(data, order: order, count: count, into: scratch.assumingMemoryBound(to: Int32.self))
        case .float32:
            guard data.count >= count * 4 else { throw tooShort(4) }
            PlainDecoding.float32(data, order: order, count: count, into: scratch.assumingMemoryBound(to: Float.self))
        case .float64:
            guard data.count >= count * 8 else { throw tooShort(8) }
            PlainDecoding.float64(data, order: order, count: count, into: scratch.assumingMemoryBound(to: Double.self))
        default:
            throw MiniSEEDError(
                code: .unsupportedEncoding, byteOffset: offset, message: "unsupported encoding \(header.encoding)")
        }
        return kind
    }
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
