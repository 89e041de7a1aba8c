/// Decodes the samples of one record at a time into a buffer the caller reuses: the loop
/// libmseed's `msr_parse` / `ms_readmsr` runs, with no allocation per record.
///
/// ```swift
/// var samples: [Int32] = []
/// var offset = 0
/// try bytes.withUnsafeBytes { buffer in
///     while offset < buffer.count {
///         let header = try RecordHeader(parsing: buffer, at: offset)
///         try RecordDecoder().decode(buffer, at: offset, header: header, into: &samples)
///         // samples holds exactly this record's samples
///         offset += header.recordLength
///     }
/// }
/// ```
///
/// Every encoding libmseed 2 decodes is read to the same values: Steim1, Steim2, INT16, INT32,
/// FLOAT32, FLOAT64, CDSN, SRO, DWWSSN, GEOSCOPE 24-bit and 16-bit gain-ranged (3- and 4-bit
/// exponent), and text (ASCII) records as bytes.
public struct RecordDecoder: Sendable {
    /// Creates a decoder.
    public init() {}

    /// Decodes the record's samples into raw memory.
    ///
    /// - Parameters:
    ///   - buffer: the input holding the record.
    ///   - offset: where the record starts in `buffer`.
    ///   - header: its header (``RecordHeader/init(parsing:at:)``).
    ///   - output: room for `header.sampleCount` values of the encoding's sample kind: `Int32`,
    ///     `Float`, `Double`, or one byte per character of text. Steim records decode fastest
    ///     with room for 105 more (one frame past the count, whose values are scratch).
    /// - Returns: the kind of the samples written; exactly `header.sampleCount` were written.
    /// - Throws: `corruptData` (the data cannot yield the announced count, an impossible Steim
    ///   code or SRO gain), `integrityCheckFailed` (Steim: last sample ≠ the frame's Xn),
    ///   `unsupportedEncoding`, or `missingBlockette1000` when a record without blockette 1000
    ///   does not decode as Steim1 (libmseed's fallback); each names `offset`.
    public func decode(
        _ buffer: UnsafeRawBufferPointer, at offset: Int, header: RecordHeader, into output: UnsafeMutableRawBufferPointer
    ) throws(MiniSEEDError) -> SampleKind {
        let kind = header.encoding.sampleKind ?? .int32
        let count = header.sampleCount
        guard count > 0 else { return kind }
        guard let base = output.baseAddress, output.count >= count * kind.byteWidth else {
            throw MiniSEEDError(
                code: .corruptData, byteOffset: offset,
                message: "the output buffer holds \(output.count) bytes; \(count) \(kind) samples need \(count * kind.byteWidth)")
        }
        do {
            try decodeSamples(
                buffer, at: offset, header: header, count: count, into: base, outputSamples: output.count / kind.byteWidth)
        } catch where !header.hasBlockette1000 {
            throw MiniSEEDError(
                code: .missingBlockette1000, byteOffset: offset,
                message: "record has no blockette 1000 (length \(header.recordLength) detected from the next header); "
                    + "decoding it as Steim1, libmseed's fallback, failed: \(error.message)")
        }
        return kind
    }

    /// Decodes an integer record (INT16, INT32, Steim1/2, CDSN, SRO, DWWSSN) into `samples`,
    /// whose storage is reused: on return it holds exactly the record's samples.
    ///
    /// - Throws: as ``decode(_:at:header:into:)-(_,_,_,UnsafeMutableRawBufferPointer)``, and
    ///   `unsupportedEncoding` for float or text records.
    public func decode(
        _ buffer: UnsafeRawBufferPointer, at offset: Int, header: RecordHeader, into samples: inout [Int32]
    ) throws(MiniSEEDError) {
        guard header.encoding.sampleKind == .int32 || header.sampleCount == 0 else {
            throw MiniSEEDError(
                code: .unsupportedEncoding, byteOffset: offset,
                message: "\(header.encoding) records decode to \(header.encoding.sampleKind?.rawValue ?? "nothing"), "
                    + "not int32; use decode(_:at:header:into:) with raw memory")
        }
        let count = header.sampleCount
        // Room for the Steim decoder's slack (a frame decoded past the count), trimmed after.
        let room = count + SteimDecoding.slack
        if samples.count < room {
            samples.append(contentsOf: repeatElement(0, count: room - samples.count))
        } else if samples.count > room {
            samples.removeLast(samples.count - room)
        }
        defer { samples.removeLast(samples.count - count) }
        guard count > 0 else { return }
        var failure: MiniSEEDError?
        samples.withUnsafeMutableBytes { raw in
            do throws(MiniSEEDError) {
                _ = try decode(buffer, at: offset, header: header, into: raw)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private func decodeSamples(
        _ buffer: UnsafeRawBufferPointer, at offset: Int, header: RecordHeader, count: Int, into out: UnsafeMutableRawPointer,
        outputSamples: Int
    ) throws(MiniSEEDError) {
        let start = offset + header.dataOffset
        let data = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + header.dataLength)])
        let order = header.dataByteOrder
        let encoding = header.encoding
        func tooShort(_ bytesPerSample: Int) -> MiniSEEDError {
            MiniSEEDError(
                code: .corruptData, byteOffset: offset,
                message: "\(count) \(encoding) samples need \(count * bytesPerSample) bytes "
                    + "but the data section has \(data.count)")
        }
        switch encoding {
        case .steim1, .steim2:
            let ints = out.assumingMemoryBound(to: Int32.self)
            let level = encoding == .steim1 ? SteimDecoding.steim1Level : SteimDecoding.steim2Level
            let result: SteimDecoding.Output
            do {
                if outputSamples >= count + SteimDecoding.slack {
                    result = try SteimDecoding.decodeWithSlack(data, level: level, order: order, count: count, into: ints)
                } else {
                    result = try SteimDecoding.decode(data, level: level, order: order, count: count, into: ints)
                }
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
        case .text:
            guard data.count >= count else { throw tooShort(1) }
            out.copyMemory(from: data.baseAddress.unsafelyUnwrapped, byteCount: count)
        case .int16:
            guard data.count >= count * 2 else { throw tooShort(2) }
            PlainDecoding.int16(data, order: order, count: count, into: out.assumingMemoryBound(to: Int32.self))
        case .int32:
            guard data.count >= count * 4 else { throw tooShort(4) }
            PlainDecoding.int32(data, order: order, count: count, into: out.assumingMemoryBound(to: Int32.self))
        case .float32:
            guard data.count >= count * 4 else { throw tooShort(4) }
            PlainDecoding.float32(data, order: order, count: count, into: out.assumingMemoryBound(to: Float.self))
        case .float64:
            guard data.count >= count * 8 else { throw tooShort(8) }
            PlainDecoding.float64(data, order: order, count: count, into: out.assumingMemoryBound(to: Double.self))
        case .geoscope24:
            guard data.count >= count * 3 else { throw tooShort(3) }
            LegacyDecoding.geoscope24(data, order: order, count: count, into: out.assumingMemoryBound(to: Float.self))
        case .geoscope16Exponent3, .geoscope16Exponent4:
            guard data.count >= count * 2 else { throw tooShort(2) }
            LegacyDecoding.geoscope16(
                data, order: order, exponentBits: encoding == .geoscope16Exponent3 ? 3 : 4, count: count,
                into: out.assumingMemoryBound(to: Float.self))
        case .cdsn:
            guard data.count >= count * 2 else { throw tooShort(2) }
            LegacyDecoding.cdsn(data, order: order, count: count, into: out.assumingMemoryBound(to: Int32.self))
        case .sro:
            guard data.count >= count * 2 else { throw tooShort(2) }
            if let bad = LegacyDecoding.sro(data, order: order, count: count, into: out.assumingMemoryBound(to: Int32.self)) {
                throw MiniSEEDError(
                    code: .corruptData, byteOffset: offset,
                    message: "SRO sample \(bad) has a gain-range code above 10 (exponent out of range)")
            }
        case .dwwssn:
            guard data.count >= count * 2 else { throw tooShort(2) }
            LegacyDecoding.dwwssn(data, order: order, count: count, into: out.assumingMemoryBound(to: Int32.self))
        default:
            throw MiniSEEDError(
                code: .unsupportedEncoding, byteOffset: offset, message: "unsupported encoding \(encoding)")
        }
    }
}

extension SampleKind {
    /// Bytes per decoded sample.
    var byteWidth: Int {
        switch self {
        case .int32, .float32: return 4
        case .float64: return 8
        case .text: return 1
        }
    }
}
