extension RecordHeader {
    /// Length of the miniSEED 3 fixed header.
    static let miniSEED3FixedLength = 40

    /// Parses a miniSEED 3 record (FDSN miniSEED 3.0): the 40-byte little-endian fixed header,
    /// the FDSN source identifier, the extra headers (kept as JSON text) and the data payload,
    /// whose CRC-32C must match the header's.
    ///
    /// - Throws: `truncatedRecord`, `invalidHeader` (impossible fields, an identifier that is
    ///   not `FDSN:NET_STA_LOC_B_S_SS`), `invalidStartTime`, `invalidSampleRate`,
    ///   `unsupportedEncoding`, `corruptData` (more samples than the payload can hold) or
    ///   `checksumMismatch`, each naming `offset`.
    static func parseMiniSEED3(_ buffer: UnsafeRawBufferPointer, at offset: Int) throws(MiniSEEDError) -> RecordHeader {
        func fail(_ code: MiniSEEDError.Code, _ message: String) -> MiniSEEDError {
            MiniSEEDError(code: code, byteOffset: offset, message: message)
        }
        let available = buffer.count - offset
        let fixed = Self.miniSEED3FixedLength
        guard available >= fixed else {
            throw fail(.truncatedRecord, "input ends \(available) bytes into a miniSEED 3 header; the record is incomplete")
        }
        let h = UnsafeRawBufferPointer(rebasing: buffer[offset..<buffer.count])
        let le = ByteOrder.littleEndian
        let nanosecond = h.load(at: 4, as: UInt32.self, le)
        let year = Int(h.load(at: 8, as: UInt16.self, le))
        let day = Int(h.load(at: 10, as: UInt16.self, le))
        let hour = Int(h[12])
        let minute = Int(h[13])
        let second = Int(h[14])
        let encoding = SampleEncoding(rawValue: h[15])
        let rawRate = Double(bitPattern: h.load(at: 16, as: UInt64.self, le))
        let sampleCount = Int(h.load(at: 24, as: UInt32.self, le))
        let storedCRC = h.load(at: 28, as: UInt32.self, le)
        let publicationVersion = h[32]
        let sidLength = Int(h[33])
        let extraLength = Int(h.load(at: 34, as: UInt16.self, le))
        let dataLength = Int(h.load(at: 36, as: UInt32.self, le))

        // libmseed's MS3_ISVALIDHEADER: a possible hour, minute and second.
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw fail(
                .invalidHeader,
                "miniSEED 3 start time hour \(hour), minute \(minute), second \(second) is impossible "
                    + "(hour 0-23, minute 0-59, second 0-60)")
        }
        let recordLength = fixed + sidLength + extraLength + dataLength
        guard recordLength <= available else {
            throw fail(
                .truncatedRecord,
                "miniSEED 3 record of \(recordLength) bytes but only \(available) bytes remain; the input was cut off")
        }
        let record = UnsafeRawBufferPointer(rebasing: h[0..<recordLength])
        let computed = CRC32C.checksum(record, zeroing: 28..<32)
        guard computed == storedCRC else {
            throw fail(
                .checksumMismatch,
                "miniSEED 3 CRC-32C is \(hex(computed)) but the header says \(hex(storedCRC)); "
                    + "the record is corrupt and was skipped")
        }

        // Start time (the nanosecond range of UTCTime: years 1678-2261).
        guard (1678...2261).contains(year) else {
            throw fail(.invalidStartTime, "miniSEED 3 start year \(year) is outside 1678-2261")
        }
        guard day >= 1, day <= (UTCTime.isLeap(year) ? 366 : 365) else {
            throw fail(.invalidStartTime, "miniSEED 3 start day of year \(day) is impossible in \(year)")
        }
        guard nanosecond < 1_000_000_000 else {
            throw fail(.invalidStartTime, "miniSEED 3 start nanosecond \(nanosecond) is not below 10^9")
        }
        let days = Int64(UTCTime.daysFromCivil(year: year, month: 1, day: 1) + day - 1)
        let seconds = ((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)
        let (start, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (startTime, overflow2) = start.addingReportingOverflow(Int64(nanosecond))
        guard !overflow, !overflow2 else {
            throw fail(.invalidStartTime, "miniSEED 3 start time is outside the nanosecond time range")
        }

        // Source identifier.
        let sidBytes = UnsafeRawBufferPointer(rebasing: record[fixed..<(fixed + sidLength)])
        let sid = String(decoding: sidBytes, as: UTF8.self)
        guard let sourceID = SourceID.fdsn(sid) else {
            throw fail(
                .invalidHeader,
                "miniSEED 3 source identifier \"\(sid)\" is not an FDSN source identifier (FDSN:NET_STA_LOC_B_S_SS)")
        }
        let extraHeaders: String? =
            extraLength > 0
            ? String(decoding: UnsafeRawBufferPointer(rebasing: record[(fixed + sidLength)..<(fixed + sidLength + extraLength)]), as: UTF8.self)
            : nil

        // Sample rate: negative values are a period in seconds.
        let rate = rawRate < 0 ? -1.0 / rawRate : rawRate
        let dataOffset = fixed + sidLength + extraLength
        if sampleCount > 0 {
            guard encoding.isSupported else {
                throw fail(
                    .unsupportedEncoding,
                    "unsupported encoding \(encoding.rawValue) (\(encoding)); libmseed cannot decode it either")
            }
            guard sampleCount <= encoding.maximumSamples(inBytes: dataLength) else {
                throw fail(
                    .corruptData,
                    "\(sampleCount) \(encoding) samples cannot fit in the \(dataLength)-byte data payload")
            }
        }
        try checkTiming(
            start: startTime, rate: rate, rateSource: "miniSEED 3 sample rate field (\(rawRate))",
            sampleCount: sampleCount, carriesSamples: encoding != .text, offset: offset)

        return RecordHeader(
            sourceID: sourceID,
            quality: quality(publicationVersion: publicationVersion),
            startTime: UTCTime(nanoseconds: startTime),
            sampleCount: sampleCount,
            sampleRate: rate,
            activityFlags: h[3] & 0x01,
            timeCorrection: 0,
            dataOffset: dataOffset,
            encoding: encoding,
            headerByteOrder: .littleEndian,
            // Steim payloads are big-endian in miniSEED 3, everything else little-endian.
            dataByteOrder: encoding == .steim1 || encoding == .steim2 ? .bigEndian : .littleEndian,
            recordLength: recordLength,
            timingQuality: nil,
            formatVersion: 3,
            dataLength: dataLength,
            hasBlockette1000: true,
            publicationVersion: publicationVersion,
            extraHeaders: extraHeaders,
            libmseedCodes: nil
        )
    }

    /// The miniSEED 2 quality indicator of a publication version (libmseed maps R 1, D 2,
    /// Q 3, M 4 when it converts miniSEED 2); 0 and unknown versions read as D.
    static func quality(publicationVersion: UInt8) -> Character {
        switch publicationVersion {
        case 1: return "R"
        case 3: return "Q"
        case 4...: return "M"
        default: return "D"
        }
    }

    /// libmseed's mapping of a miniSEED 2 quality indicator to a publication version.
    static func publicationVersion(quality: Character) -> UInt8 {
        switch quality {
        case "R": return 1
        case "D": return 2
        case "Q": return 3
        case "M": return 4
        default: return 0
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}

extension SampleEncoding {
    /// The most samples `bytes` bytes of this encoding can hold (Steim: 7 per 32-bit word, 15
    /// words per 64-byte frame), so an absurd sample count is refused before any buffer is
    /// sized for it.
    func maximumSamples(inBytes bytes: Int) -> Int {
        switch self {
        case .text: return bytes
        case .int16, .geoscope16Exponent3, .geoscope16Exponent4, .cdsn, .sro, .dwwssn: return bytes / 2
        case .geoscope24: return bytes / 3
        case .int32, .float32: return bytes / 4
        case .float64: return bytes / 8
        case .steim1: return bytes / SteimDecoding.frameLength * 60
        case .steim2: return bytes / SteimDecoding.frameLength * SteimDecoding.slack
        default: return 0
        }
    }
}
