/// Steim1 and Steim2 decompression, following libmseed 2 (`unpackdata.c`) bit for bit,
/// including its byte handling: 8-bit differences are read in memory order, Steim1 16-bit
/// differences as two half-words in memory order, everything else as whole words in the
/// data byte order.
enum SteimDecoding {
    /// The result of decoding one record's frames.
    struct Output {
        /// Samples written.
        var count: Int
        /// The last sample written (meaningless when `count == 0`).
        var lastSample: Int32
        /// The reverse integration constant Xn of frame 0: what the last sample must be.
        var xn: Int32
    }

    /// Decodes Steim frames into `output`.
    ///
    /// - Parameters:
    ///   - frames: the data section of the record (whole 64-byte frames are used).
    ///   - level: 1 or 2.
    ///   - order: byte order of the data (from blockette 1000).
    ///   - count: the number of samples the header announces; decoding stops there.
    ///   - output: room for at least `count` samples.
    /// - Throws: `corruptData` on an impossible Steim2 code.
    static func decode(
        _ frames: UnsafeRawBufferPointer,
        level: Int,
        order: ByteOrder,
        count: Int,
        into output: UnsafeMutablePointer<Int32>
    ) throws(MiniSEEDError) -> Output {
        let frameCount = frames.count / 64
        guard frameCount > 0, count > 0 else { return Output(count: 0, lastSample: 0, xn: 0) }
        let x0: Int32 = frames.load(at: 4, as: Int32.self, order)
        let xn: Int32 = frames.load(at: 8, as: Int32.self, order)
        var written = 0
        var previous: Int32 = 0

        @inline(__always)
        func put(_ diff: Int32) {
            // The first difference refers to the previous record: libmseed stores X0 instead.
            previous = written == 0 ? x0 : previous &+ diff
            output[written] = previous
            written &+= 1
        }

        @inline(__always)
        func putBits(_ word: UInt32, width: UInt32, top: UInt32, n: Int) {
            let mask: UInt32 = (1 << width) &- 1
            let sign: Int32 = 1 << (width &- 1)
            var shift = top
            if written > 0 && count &- written >= n {
                // Fast path: room for every difference and X0 already stored.
                var p = previous
                for _ in 0..<n {
                    let v = Int32(bitPattern: (word >> shift) & mask)
                    p = p &+ ((v ^ sign) &- sign)
                    output[written] = p
                    written &+= 1
                    shift &-= width
                }
                previous = p
                return
            }
            for _ in 0..<n {
                if written == count { return }
                let v = Int32(bitPattern: (word >> shift) & mask)
                put((v ^ sign) &- sign)
                shift &-= width
            }
        }

        var frameIndex = 0
        while frameIndex < frameCount && written < count {
            let base = frameIndex &* 64
            let nibbles: UInt32 = frames.load(at: base, as: UInt32.self, order)
            var wordIndex = frameIndex == 0 ? 3 : 1
            while wordIndex < 16 && written < count {
                let nibble = (nibbles >> UInt32(30 &- 2 &* wordIndex)) & 3
                let offset = base &+ wordIndex &* 4
                switch nibble {
                case 0:
                    break
                case 1:
                    // Four 8-bit differences in memory order.
                    let bytes = frames.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
                    if written > 0 && count &- written >= 4 {
                        var p = previous
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes))
                        output[written] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 8))
                        output[written &+ 1] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 16))
                        output[written &+ 2] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 24))
                        output[written &+ 3] = p
                        written &+= 4
                        previous = p
                    } else {
                        put(Int32(Int8(truncatingIfNeeded: bytes)))
                        if written < count { put(Int32(Int8(truncatingIfNeeded: bytes >> 8))) }
                        if written < count { put(Int32(Int8(truncatingIfNeeded: bytes >> 16))) }
                        if written < count { put(Int32(Int8(truncatingIfNeeded: bytes >> 24))) }
                    }
                case 2:
                    if level == 1 {
                        let h0: Int16 = frames.load(at: offset, as: Int16.self, order)
                        put(Int32(h0))
                        if written < count {
                            let h1: Int16 = frames.load(at: offset &+ 2, as: Int16.self, order)
                            put(Int32(h1))
                        }
                    } else {
                        let word: UInt32 = frames.load(at: offset, as: UInt32.self, order)
                        switch word >> 30 {
                        case 1: putBits(word, width: 30, top: 0, n: 1)
                        case 2: putBits(word, width: 15, top: 15, n: 2)
                        case 3: putBits(word, width: 10, top: 20, n: 3)
                        default:
                            throw MiniSEEDError(
                                code: .corruptData,
                                message: "impossible Steim2 code (dnib 00 after nibble 10) in frame \(frameIndex)")
                        }
                    }
                default:
                    let word: UInt32 = frames.load(at: offset, as: UInt32.self, order)
                    if level == 1 {
                        put(Int32(bitPattern: word))
                    } else {
                        switch word >> 30 {
                        case 0: putBits(word, width: 6, top: 24, n: 5)
                        case 1: putBits(word, width: 5, top: 25, n: 6)
                        case 2: putBits(word, width: 4, top: 24, n: 7)
                        default:
                            throw MiniSEEDError(
                                code: .corruptData,
                                message: "impossible Steim2 code (dnib 11 after nibble 11) in frame \(frameIndex)")
                        }
                    }
                }
                wordIndex &+= 1
            }
            frameIndex &+= 1
        }
        return Output(count: written, lastSample: previous, xn: xn)
    }
}
