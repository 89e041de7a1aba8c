/// The gain-ranged and legacy network encodings libmseed 2 reads (`unpackdata.c`), decoded
/// to the same values: CDSN, SRO and DWWSSN into `Int32`, GEOSCOPE 24-bit and 16-bit
/// gain-ranged (3- or 4-bit exponent) into `Float`. Each sample is a 16-bit word (24-bit for
/// GEOSCOPE 24) in the data byte order; the caller has checked that `count` words fit.
enum LegacyDecoding {
    /// CDSN: `KKBB BBBB BBBB BBBB`, biased 14-bit mantissa B (bias 8191) times 2^G with the
    /// key K selecting G from (0, 2, 4, 7).
    static func cdsn(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<count {
            let word = data.load(at: i &* 2, as: UInt16.self, order)
            let mantissa = Int32(word & 0x3FFF) &- 0x1FFF
            let shift: UInt32
            switch word >> 14 {
            case 0: shift = 0
            case 1: shift = 2
            case 2: shift = 4
            default: shift = 7
            }
            // libmseed shifts the mantissa as an unsigned 32-bit value.
            out[i] = Int32(bitPattern: UInt32(bitPattern: mantissa) << shift)
        }
    }

    /// SRO: `GGGG MMMM MMMM MMMM`, a signed 12-bit mantissa times 2^(10 - G). Gain codes
    /// above 10 are impossible; the record is refused as libmseed refuses it.
    ///
    /// - Returns: the index of the first sample with an impossible gain code, or nil.
    static func sro(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Int32>) -> Int? {
        for i in 0..<count {
            let word = data.load(at: i &* 2, as: UInt16.self, order)
            var mantissa = Int32(word & 0x0FFF)
            if mantissa > 0x7FF { mantissa -= 0x1000 }
            let gain = Int32(word >> 12)
            guard gain <= 10 else { return i }
            out[i] = mantissa << (10 - gain)
        }
        return nil
    }

    /// DWWSSN: plain signed 16-bit integers.
    static func dwwssn(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Int32>) {
        for i in 0..<count { out[i] = Int32(Int16(bitPattern: data.load(at: i &* 2, as: UInt16.self, order))) }
    }

    /// GEOSCOPE 16-bit gain-ranged: a 12-bit mantissa biased by 2048, divided by 2^E with a
    /// 3-bit (`exponentBits` 3) or 4-bit exponent E above it.
    static func geoscope16(
        _ data: UnsafeRawBufferPointer, order: ByteOrder, exponentBits: Int, count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        let mask: UInt16 = exponentBits == 3 ? 0x7000 : 0xF000
        for i in 0..<count {
            let word = data.load(at: i &* 2, as: UInt16.self, order)
            let mantissa = Double(Int(word & 0x0FFF) - 2048)
            let exponent = Int((word & mask) >> 12)
            out[i] = Float(mantissa / Double(UInt64(1) << exponent))
        }
    }

    /// GEOSCOPE 24-bit integers. Big-endian data (the format's order) is a signed 24-bit
    /// integer. For "little-endian" data libmseed, on the little-endian hosts ObsPy runs on,
    /// builds the word from the three bytes shifted up by 8 bits; that quirk is reproduced so
    /// the samples equal libmseed's.
    static func geoscope24(_ data: UnsafeRawBufferPointer, order: ByteOrder, count: Int, into out: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let b0 = UInt32(data[i &* 3])
            let b1 = UInt32(data[i &* 3 &+ 1])
            let b2 = UInt32(data[i &* 3 &+ 2])
            var mantissa: Int32
            if order == .bigEndian {
                mantissa = Int32(bitPattern: b0 << 16 | b1 << 8 | b2)
                if mantissa > 0x7F_FFFF { mantissa -= 0x100_0000 }
            } else {
                mantissa = Int32(bitPattern: b0 << 8 | b1 << 16 | b2 << 24)
                // libmseed compares the value as an unsigned long: negative values count as huge.
                if mantissa < 0 || mantissa > 0x7F_FFFF { mantissa = mantissa &- 0x100_0000 }
            }
            out[i] = Float(Double(mantissa))
        }
    }
}
