extension RecordHeader {
    /// The smallest record length that can be stepped over when a header is unreadable.
    static let resyncStep = 128

    /// Parses the record header that starts at `offset`.
    ///
    /// - Parameters:
    ///   - buffer: the whole input.
    ///   - offset: where the record starts.
    /// - Throws: `miniSEED3`, `invalidHeader`, `missingBlockette1000`, `invalidRecordLength`,
    ///   `truncatedRecord` or `unsupportedEncoding`, each naming `offset`.
    public init(parsing buffer: UnsafeRawBufferPointer, at offset: Int) throws(MiniSEEDError) {
        var codes = CodeCache()
        try self.init(parsing: buffer, at: offset, codes: &codes)
    }

    /// The quality and codes of the last miniSEED 2 header parsed: records of one channel come
    /// in runs, and their identifier is then taken from here instead of being built again.
    /// Each new set gets a number, ``token``, so that the trace builder can tell "same channel
    /// and quality as the last record" without comparing strings.
    struct CodeCache {
        fileprivate var raw: (UInt64, UInt64) = (0, 0)
        fileprivate var value: (sourceID: SourceID, libmseedCodes: String?)?
        /// The number of the last header's quality and codes (0 before any).
        fileprivate(set) var token = 0
    }

    /// ``init(parsing:at:)`` with a cache of the previous record's codes.
    init(parsing buffer: UnsafeRawBufferPointer, at offset: Int, codes cache: inout CodeCache) throws(MiniSEEDError) {
        let available = buffer.count - offset
        func fail(_ code: MiniSEEDError.Code, _ message: String) -> MiniSEEDError {
            MiniSEEDError(code: code, byteOffset: offset, message: message)
        }
        guard available >= 3 else {
            throw fail(.truncatedRecord, "input ends \(available) bytes into a record header; the record is incomplete")
        }
        if Self.isMiniSEED3(buffer, at: offset) {
            self = try Self.parseMiniSEED3(buffer, at: offset)
            return
        }
        guard available >= 48 else {
            throw fail(.truncatedRecord, "input ends \(available) bytes into a record header; the record is incomplete")
        }
        let h = UnsafeRawBufferPointer(rebasing: buffer[offset..<buffer.count])
        for i in 0..<6 {
            let c = h[i]
            guard (c >= 48 && c <= 57) || c == 32 || c == 0 else {
                throw fail(.invalidHeader, "no miniSEED 2 fixed header here (sequence number is not numeric)")
            }
        }
        let qualityByte = h[6]
        guard qualityByte == UInt8(ascii: "D") || qualityByte == UInt8(ascii: "R") || qualityByte == UInt8(ascii: "Q")
            || qualityByte == UInt8(ascii: "M")
        else { throw fail(.invalidHeader, "quality indicator is not one of D, R, Q, M") }
        guard h[7] == 32 || h[7] == 0 else { throw fail(.invalidHeader, "reserved header byte 7 is not blank") }
        let hour = Int(h[24])
        let minute = Int(h[25])
        let second = Int(h[26])
        guard hour <= 23, minute <= 59, second <= 60 else {
            throw fail(
                .invalidHeader,
                "start time hour \(hour), minute \(minute), second \(second) is impossible "
                    + "(hour 0-23, minute 0-59, second 0-60)")
        }
        // Header byte order: the one in which year and day of year make sense (libmseed tests
        // the host's order first; on little-endian hosts that is little-endian).
        func validYearDay(_ order: ByteOrder) -> Bool {
            let year = h.load(at: 20, as: UInt16.self, order)
            let day = h.load(at: 22, as: UInt16.self, order)
            return year >= 1900 && year <= 2100 && day >= 1 && day <= 366
        }
        let order: ByteOrder
        if validYearDay(.littleEndian) {
            order = .littleEndian
        } else if validYearDay(.bigEndian) {
            order = .bigEndian
        } else {
            throw fail(.invalidHeader, "start year/day of year are out of range in either byte order")
        }

        var blockette1000Encoding: SampleEncoding?
        var dataOrder = ByteOrder.bigEndian
        var exponent = 0
        var microseconds = 0
        var timingQuality: UInt8?
        var actualRate: Double?
        var blockette = Int(h.load(at: 46, as: UInt16.self, order))
        var visited = 0
        while blockette != 0 {
            visited += 1
            guard blockette >= 48, blockette + 4 <= available, visited <= 64 else {
                throw fail(.invalidHeader, "blockette chain points outside the record (offset \(blockette))")
            }
            let type = h.load(at: blockette, as: UInt16.self, order)
            let next = Int(h.load(at: blockette + 2, as: UInt16.self, order))
            switch type {
            case 1000:
                guard blockette + 8 <= available else { throw fail(.truncatedRecord, "blockette 1000 is cut off") }
                blockette1000Encoding = SampleEncoding(rawValue: h[blockette + 4])
                dataOrder = h[blockette + 5] == 0 ? .littleEndian : .bigEndian
                exponent = Int(h[blockette + 6])
            case 1001:
                guard blockette + 8 <= available else { throw fail(.truncatedRecord, "blockette 1001 is cut off") }
                timingQuality = h[blockette + 4]
                microseconds = Int(Int8(bitPattern: h[blockette + 5]))
            case 100:
                guard blockette + 12 <= available else { throw fail(.truncatedRecord, "blockette 100 is cut off") }
                actualRate = Double(Float(bitPattern: h.load(at: blockette + 4, as: UInt32.self, order)))
            default:
                break
            }
            if next != 0 && next <= blockette {
                throw fail(.invalidHeader, "blockette chain loops back (offset \(next) after \(blockette))")
            }
            blockette = next
        }
        let recordLength: Int
        let hasBlockette1000 = blockette1000Encoding != nil
        if blockette1000Encoding == nil {
            // libmseed: the length is the distance to the next record header (or the rest of
            // the input when that is a power of two, as ObsPy's reader allows), the encoding
            // its fallback Steim1, the data in the header's byte order.
            guard let detected = Self.detectRecordLength(buffer, at: offset) else {
                throw fail(
                    .missingBlockette1000,
                    "record has no blockette 1000 and no record header follows it; its length is unknown")
            }
            recordLength = detected
            dataOrder = order
        } else {
            guard (7...20).contains(exponent) else {
                throw fail(.invalidRecordLength, "blockette 1000 gives record length 2^\(exponent); expected 128...1048576")
            }
            recordLength = 1 << exponent
        }
        let encoding = blockette1000Encoding ?? .steim1
        guard recordLength <= available else {
            throw fail(
                .truncatedRecord,
                "record of \(recordLength) bytes but only \(available) bytes remain; the input was cut off")
        }
        let sampleCount = Int(h.load(at: 30, as: UInt16.self, order))
        let dataOffset = Int(h.load(at: 44, as: UInt16.self, order))
        if sampleCount > 0 {
            guard dataOffset >= 48, dataOffset < recordLength else {
                throw fail(.invalidHeader, "data offset \(dataOffset) is outside the \(recordLength)-byte record")
            }
            guard encoding.isSupported else {
                throw fail(
                    .unsupportedEncoding,
                    "unsupported encoding \(encoding.rawValue) (\(encoding)); libmseed and ObsPy cannot decode it either")
            }
        }
        let factor = Int(h.load(at: 32, as: Int16.self, order))
        let multiplier = Int(h.load(at: 34, as: Int16.self, order))
        let activity = h[36]
        let correction = h.load(at: 40, as: Int32.self, order)

        // libmseed's ms_btime2hptime + msr_starttime, in microseconds.
        let year = Int(h.load(at: 20, as: UInt16.self, order))
        let day = Int(h.load(at: 22, as: UInt16.self, order))
        let fract = Int64(h.load(at: 28, as: UInt16.self, order))
        let days = Int64(UTCTime.daysFromCivil(year: year, month: 1, day: 1) + day - 1)
        var micros = (((days * 24 + Int64(hour)) * 60 + Int64(minute)) * 60 + Int64(second)) * 1_000_000 + fract * 100
        if correction != 0 && activity & 0x02 == 0 { micros += Int64(correction) * 100 }
        micros += Int64(microseconds)

        let rate = actualRate ?? Self.nominalRate(factor: factor, multiplier: multiplier)
        try Self.checkTiming(
            start: micros * 1000, rate: rate,
            rateSource: actualRate == nil
                ? "sample rate factor \(factor) and multiplier \(multiplier)" : "blockette 100 actual sample rate",
            sampleCount: sampleCount, carriesSamples: encoding != .text, offset: offset)

        let sourceID: SourceID
        var libmseedCodes: String?
        // Bytes 6..<20: quality, reserved byte, station, location, channel, network.
        let raw = (h.loadUnaligned(fromByteOffset: 6, as: UInt64.self), h.loadUnaligned(fromByteOffset: 12, as: UInt64.self))
        if let cached = cache.value, cache.raw == raw {
            (sourceID, libmseedCodes) = cached
        } else {
            func code(_ range: Range<Int>) -> String { Self.cleanCode(h, range) }
            sourceID = SourceID(network: code(18..<20), station: code(8..<13), location: code(13..<15), channel: code(15..<18))
            // libmseed (and so ObsPy's reader) tells channels apart by the codes with only their
            // trailing spaces removed; remember them when cleaning changed more than that.
            if !Self.codesAreClean(h) {
                let rawCodes = Self.rawCodes(h)
                let cleanedCodes = "\(sourceID.station)\u{0}\(sourceID.location)\u{0}\(sourceID.channel)\u{0}\(sourceID.network)"
                libmseedCodes = rawCodes == cleanedCodes ? nil : rawCodes
            }
            cache.raw = raw
            cache.value = (sourceID, libmseedCodes)
            cache.token += 1
        }

        self = RecordHeader(
            sourceID: sourceID,
            quality: Character(Unicode.Scalar(qualityByte)),
            startTime: UTCTime(nanoseconds: micros * 1000),
            sampleCount: sampleCount,
            sampleRate: rate,
            activityFlags: activity,
            timeCorrection: correction,
            dataOffset: dataOffset,
            encoding: encoding,
            headerByteOrder: order,
            dataByteOrder: dataOrder,
            recordLength: recordLength,
            timingQuality: timingQuality,
            formatVersion: 2,
            dataLength: recordLength - Swift.min(Swift.max(dataOffset, 0), recordLength),
            hasBlockette1000: hasBlockette1000,
            publicationVersion: nil,
            extraHeaders: nil,
            libmseedCodes: libmseedCodes
        )
    }

    /// The longest time one record's samples may span: 2^31 s (68 years). Longer spans come
    /// from corrupt rates (a factor/multiplier of -32768/-32768 is one sample per 34 years) and
    /// would push nanosecond times out of range.
    static let maximumRecordSpanSeconds = 2_147_483_648.0

    /// Refuses rates no arithmetic can use: NaN, infinite or negative always; 0 (or so small
    /// that the record spans more than ``maximumRecordSpanSeconds``) when the record carries
    /// data samples. Text records and records without samples may have rate 0, as libmseed
    /// writes them (`LOG` channels, detections). Also refuses records whose last sample would
    /// fall beyond the nanosecond time range (year 2262).
    static func checkTiming(
        start: Int64, rate: Double, rateSource: @autoclosure () -> String, sampleCount: Int, carriesSamples: Bool,
        offset: Int
    ) throws(MiniSEEDError) {
        guard rate.isFinite, rate >= 0 else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate \(rate) (from the \(rateSource())) is not a finite, non-negative number; "
                    + "the record is corrupt and was skipped")
        }
        guard carriesSamples, sampleCount > 0 else { return }
        guard rate > 0 else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate 0 (from the \(rateSource())) for a record with \(sampleCount) data samples; "
                    + "the record was skipped")
        }
        let span = Double(sampleCount) / rate
        guard span <= maximumRecordSpanSeconds else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate \(rate) Hz (from the \(rateSource())) makes \(sampleCount) samples span more than "
                    + "68 years; the record is corrupt and was skipped")
        }
        guard !start.addingReportingOverflow(Int64(span * 1e9)).overflow else {
            throw MiniSEEDError(
                code: .invalidStartTime, byteOffset: offset,
                message: "the record's \(sampleCount) samples at \(rate) Hz would end after the year 2262, "
                    + "beyond the nanosecond time range; the record was skipped")
        }
    }

    /// Whether a miniSEED 3 fixed header starts at `offset` (`MS`, format version 3).
    static func isMiniSEED3(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        buffer.count - offset >= 3 && buffer[offset] == UInt8(ascii: "M") && buffer[offset + 1] == UInt8(ascii: "S")
            && buffer[offset + 2] == 3
    }

    /// libmseed's `MS_ISVALIDHEADER`: a sequence number of digits, spaces or NULs, a quality
    /// indicator, a blank reserved byte and a possible hour, minute and second.
    static func looksLikeMiniSEED2(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard buffer.count - offset >= 48 else { return false }
        for i in 0..<6 {
            let c = buffer[offset + i]
            guard (c >= 48 && c <= 57) || c == 32 || c == 0 else { return false }
        }
        let q = buffer[offset + 6]
        guard q == UInt8(ascii: "D") || q == UInt8(ascii: "R") || q == UInt8(ascii: "Q") || q == UInt8(ascii: "M")
        else { return false }
        let reserved = buffer[offset + 7]
        return (reserved == 32 || reserved == 0) && buffer[offset + 24] <= 23 && buffer[offset + 25] <= 59
            && buffer[offset + 26] <= 60
    }

    /// libmseed's `MS_ISVALIDBLANK` (with ObsPy's spaces in the sequence number): a blank or
    /// noise record, skipped 128 bytes at a time without a warning.
    static func isBlankRecord(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        guard buffer.count - offset >= 48 else { return false }
        for i in 0..<6 {
            let c = buffer[offset + i]
            guard (c >= 48 && c <= 57) || c == 32 || c == 0 else { return false }
        }
        for i in 6..<48 where buffer[offset + i] != 32 { return false }
        return true
    }

    /// The length of a record without blockette 1000, as libmseed's `ms_detect` finds it: the
    /// distance to the next 128-byte boundary that holds a record header (or a blank record,
    /// or a miniSEED 3 header). When none follows, ObsPy's reader takes the rest of the input
    /// if its length is a power of two of at least 128 bytes.
    static func detectRecordLength(_ buffer: UnsafeRawBufferPointer, at offset: Int) -> Int? {
        let available = buffer.count - offset
        var next = resyncStep
        while next + 48 < available && next <= maximumRecordLength {
            let at = offset + next
            if looksLikeMiniSEED2(buffer, at: at) || isBlankRecord(buffer, at: at) || isMiniSEED3(buffer, at: at) {
                return next
            }
            next += resyncStep
        }
        guard available >= resyncStep, available <= maximumRecordLength, available & (available - 1) == 0 else {
            return nil
        }
        return available
    }

    /// Whether cleaning changes nothing libmseed keeps: every code is printable ASCII without
    /// leading blanks, padded with trailing spaces or NULs (the usual header).
    @inline(__always)
    static func codesAreClean(_ h: UnsafeRawBufferPointer) -> Bool {
        for range in [8..<13, 13..<15, 15..<18, 18..<20] {
            var i = range.lowerBound
            if h[i] == 32 {
                // Leading blank: clean only if the whole code is blank (an empty location).
                while i < range.upperBound && h[i] == 32 { i += 1 }
                if i < range.upperBound && h[i] != 0 { return false }
                continue
            }
            var padding = false
            while i < range.upperBound {
                let c = h[i]
                if c == 0 { break }
                if c == 32 {
                    padding = true
                } else if c < 33 || c > 126 || padding {
                    return false
                }
                i += 1
            }
        }
        return true
    }

    /// Station, location, channel and network as libmseed 2 copies them (up to a NUL, trailing
    /// spaces dropped), joined by NULs, with bytes outside ASCII kept as escapes.
    static func rawCodes(_ h: UnsafeRawBufferPointer) -> String {
        var text = ""
        for (index, range) in [8..<13, 13..<15, 15..<18, 18..<20].enumerated() {
            if index > 0 { text += "\u{0}" }
            var end = range.lowerBound
            while end < range.upperBound && h[end] != 0 { end += 1 }
            while end > range.lowerBound && h[end - 1] == 32 { end -= 1 }
            for i in range.lowerBound..<end {
                let c = h[i]
                text += c < 0x80 ? String(Character(Unicode.Scalar(c))) : "\\x\(String(c, radix: 16))"
            }
        }
        return text
    }

    /// The longest miniSEED 2 record libmseed 2 reads (2^20 bytes).
    static let maximumRecordLength = 1 << 20

    /// A header code (network, station, location, channel) cleaned as ObsPy cleans it: up to
    /// the first NUL, ASCII whitespace stripped at both ends (libmseed drops trailing spaces,
    /// ObsPy strips the rest), bytes outside ASCII dropped (ObsPy's `decode("ascii", "ignore")`).
    static func cleanCode(_ h: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        var end = range.lowerBound
        while end < range.upperBound && h[end] != 0 { end += 1 }
        func isSpace(_ c: UInt8) -> Bool { c == 32 || (c >= 9 && c <= 13) }
        var start = range.lowerBound
        while start < end && isSpace(h[start]) { start += 1 }
        while end > start && isSpace(h[end - 1]) { end -= 1 }
        var ascii = true
        for i in start..<end where h[i] >= 0x80 { ascii = false }
        if ascii { return String(decoding: UnsafeRawBufferPointer(rebasing: h[start..<end]), as: UTF8.self) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        for i in start..<end where h[i] < 0x80 { bytes.append(h[i]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// libmseed's `ms_nomsamprate`: the rate from the SEED factor and multiplier.
    static func nominalRate(factor: Int, multiplier: Int) -> Double {
        var rate = 0.0
        if factor > 0 {
            rate = Double(factor)
        } else if factor < 0 {
            rate = -1.0 / Double(factor)
        }
        if multiplier > 0 {
            rate *= Double(multiplier)
        } else if multiplier < 0 {
            rate = -1.0 * (rate / Double(multiplier))
        }
        return rate
    }
}
