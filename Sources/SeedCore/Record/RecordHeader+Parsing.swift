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
        let available = buffer.count - offset
        func fail(_ code: MiniSEEDError.Code, _ message: String) -> MiniSEEDError {
            MiniSEEDError(code: code, byteOffset: offset, message: message)
        }
        guard available >= 48 else {
            throw fail(.truncatedRecord, "input ends \(available) bytes into a record header; the record is incomplete")
        }
        let h = UnsafeRawBufferPointer(rebasing: buffer[offset..<buffer.count])
        if h[0] == UInt8(ascii: "M") && h[1] == UInt8(ascii: "S") && h[2] == 3 {
            throw fail(.miniSEED3, "this is miniSEED 3, which is not supported yet; request format miniSEED 2")
        }
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

        var encoding: SampleEncoding?
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
                encoding = SampleEncoding(rawValue: h[blockette + 4])
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
        guard let encoding else {
            throw fail(.missingBlockette1000, "record has no blockette 1000; its length and encoding are unknown")
        }
        guard (7...16).contains(exponent) else {
            throw fail(.invalidRecordLength, "blockette 1000 gives record length 2^\(exponent); expected 128...65536")
        }
        let recordLength = 1 << exponent
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
                    "unsupported encoding \(encoding.rawValue) (\(encoding)); only Steim1/2, INT16/32, FLOAT32/64 are read")
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
        let rateSource = actualRate == nil
            ? "sample rate factor \(factor) and multiplier \(multiplier)" : "blockette 100 actual sample rate"
        try Self.checkSampleRate(
            rate, source: rateSource, sampleCount: sampleCount, carriesSamples: encoding != .text, offset: offset)

        func code(_ range: Range<Int>) -> String {
            var bytes: [UInt8] = []
            for i in range {
                let c = h[i]
                if c == 0 { break }
                if c != 32 { bytes.append(c) }
            }
            return String(decoding: bytes, as: UTF8.self)
        }

        self.init(
            sourceID: SourceID(network: code(18..<20), station: code(8..<13), location: code(13..<15), channel: code(15..<18)),
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
            timingQuality: timingQuality
        )
    }

    /// The longest time one record's samples may span: 2^31 s (68 years). Longer spans come
    /// from corrupt rates (a factor/multiplier of -32768/-32768 is one sample per 34 years) and
    /// would push nanosecond times out of range.
    static let maximumRecordSpanSeconds = 2_147_483_648.0

    /// Refuses rates no arithmetic can use: NaN, infinite or negative always; 0 (or so small
    /// that the record spans more than ``maximumRecordSpanSeconds``) when the record carries
    /// data samples. Text records and records without samples may have rate 0, as libmseed
    /// writes them (`LOG` channels, detections).
    static func checkSampleRate(
        _ rate: Double, source: String, sampleCount: Int, carriesSamples: Bool, offset: Int
    ) throws(MiniSEEDError) {
        guard rate.isFinite, rate >= 0 else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate \(rate) (from the \(source)) is not a finite, non-negative number; "
                    + "the record is corrupt and was skipped")
        }
        guard carriesSamples, sampleCount > 0 else { return }
        guard rate > 0 else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate 0 (from the \(source)) for a record with \(sampleCount) data samples; "
                    + "the record was skipped")
        }
        guard Double(sampleCount) / rate <= maximumRecordSpanSeconds else {
            throw MiniSEEDError(
                code: .invalidSampleRate, byteOffset: offset,
                message: "sample rate \(rate) Hz (from the \(source)) makes \(sampleCount) samples span more than "
                    + "68 years; the record is corrupt and was skipped")
        }
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
