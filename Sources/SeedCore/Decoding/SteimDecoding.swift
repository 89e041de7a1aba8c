/// Steim1 and Steim2 decompression, following libmseed 2 (`unpackdata.c`) bit for bit,
/// including its byte handling: 8-bit differences are read in memory order, Steim1 16-bit
/// differences as two half-words in memory order, everything else as whole words in the
/// data byte order.
///
/// Speed: the byte order is a type parameter (no per-word branch on it); every word whose
/// differences all fit before the announced count takes a path with constant shifts and no
/// per-sample checks; only the first difference (replaced by X0) and the last few samples go
/// through the checked path.
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
        switch (level, order) {
        case (1, .bigEndian): return try decode(frames, BigEndianWords.self, steim2: false, count: count, into: output)
        case (1, .littleEndian): return try decode(frames, LittleEndianWords.self, steim2: false, count: count, into: output)
        case (_, .bigEndian): return try decode(frames, BigEndianWords.self, steim2: true, count: count, into: output)
        case (_, .littleEndian): return try decode(frames, LittleEndianWords.self, steim2: true, count: count, into: output)
        }
    }

    @inline(__always)
    private static func decode<Words: WordOrder>(
        _ frames: UnsafeRawBufferPointer, _: Words.Type, steim2: Bool, count: Int, into output: UnsafeMutablePointer<Int32>
    ) throws(MiniSEEDError) -> Output {
        let frameCount = frames.count / 64
        guard frameCount > 0, count > 0, let base = frames.baseAddress else { return Output(count: 0, lastSample: 0, xn: 0) }
        let x0 = Int32(bitPattern: Words.load(base + 4))
        let xn = Int32(bitPattern: Words.load(base + 8))
        var written = 0
        var previous: Int32 = 0

        @inline(__always)
        func put(_ diff: Int32) {
            // The first difference refers to the previous record: libmseed stores X0 instead.
            previous = written == 0 ? x0 : previous &+ diff
            output[written] = previous
            written &+= 1
        }

        /// `n` signed fields of `width` bits, the first at bit `top` (counted from bit 0),
        /// through the checked path.
        @inline(__always)
        func putBits(_ word: UInt32, width: UInt32, top: UInt32, n: Int) {
            let mask: UInt32 = (1 << width) &- 1
            let sign: Int32 = 1 << (width &- 1)
            var shift = top
            for _ in 0..<n {
                if written == count { return }
                let v = Int32(bitPattern: (word >> shift) & mask)
                put((v ^ sign) &- sign)
                shift &-= width
            }
        }

        var frameIndex = 0
        while frameIndex < frameCount && written < count {
            let frame = base + frameIndex &* 64
            let nibbles = Words.load(frame)
            if frameIndex > 0 && written > 0 && count &- written >= maximumSamples(nibbles: nibbles, steim2: steim2) {
                // Every difference of the frame fits: decode its 15 words without checks.
                var invalid: UnsafeMutablePointer<Int32>?
                let out = fastFrame(
                    frame, Words.self, steim2: steim2, nibbles: nibbles, firstWord: 1, previous: &previous,
                    into: output + written, invalid: &invalid)
                if invalid != nil {
                    throw MiniSEEDError(
                        code: .corruptData, message: "impossible Steim2 code (a difference word's dnib) in frame \(frameIndex)")
                }
                written = out - output
                frameIndex &+= 1
                continue
            }
            var wordIndex = frameIndex == 0 ? 3 : 1
            while wordIndex < 16 && written < count {
                let nibble = (nibbles >> UInt32(30 &- 2 &* wordIndex)) & 3
                let at = frame + wordIndex &* 4
                wordIndex &+= 1
                if nibble == 0 { continue }
                if written > 0 && count &- written >= 7 {
                    // Fast path: every difference of this word fits; constant shifts, no checks.
                    let out = output + written
                    var p = previous
                    switch nibble {
                    case 1:
                        // Four 8-bit differences in memory order.
                        let bytes = at.loadUnaligned(as: UInt32.self).bigEndian
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 24))
                        out[0] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 16))
                        out[1] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 8))
                        out[2] = p
                        p = p &+ Int32(Int8(truncatingIfNeeded: bytes))
                        out[3] = p
                        written &+= 4
                    case 2 where !steim2:
                        // Steim1: two 16-bit differences, each half-word in the data byte order.
                        p = p &+ Int32(Int16(bitPattern: Words.load16(at)))
                        out[0] = p
                        p = p &+ Int32(Int16(bitPattern: Words.load16(at + 2)))
                        out[1] = p
                        written &+= 2
                    case 2:
                        let word = Words.load(at)
                        switch word >> 30 {
                        case 1:
                            p = p &+ (Int32(bitPattern: word << 2) >> 2)
                            out[0] = p
                            written &+= 1
                        case 2:
                            p = p &+ (Int32(bitPattern: word << 2) >> 17)
                            out[0] = p
                            p = p &+ (Int32(bitPattern: word << 17) >> 17)
                            out[1] = p
                            written &+= 2
                        case 3:
                            p = p &+ (Int32(bitPattern: word << 2) >> 22)
                            out[0] = p
                            p = p &+ (Int32(bitPattern: word << 12) >> 22)
                            out[1] = p
                            p = p &+ (Int32(bitPattern: word << 22) >> 22)
                            out[2] = p
                            written &+= 3
                        default:
                            throw MiniSEEDError(
                                code: .corruptData,
                                message: "impossible Steim2 code (dnib 00 after nibble 10) in frame \(frameIndex)")
                        }
                    default:
                        let word = Words.load(at)
                        if !steim2 {
                            p = p &+ Int32(bitPattern: word)
                            out[0] = p
                            written &+= 1
                        } else {
                            switch word >> 30 {
                            case 0:
                                p = p &+ (Int32(bitPattern: word << 2) >> 26)
                                out[0] = p
                                p = p &+ (Int32(bitPattern: word << 8) >> 26)
                                out[1] = p
                                p = p &+ (Int32(bitPattern: word << 14) >> 26)
                                out[2] = p
                                p = p &+ (Int32(bitPattern: word << 20) >> 26)
                                out[3] = p
                                p = p &+ (Int32(bitPattern: word << 26) >> 26)
                                out[4] = p
                                written &+= 5
                            case 1:
                                p = p &+ (Int32(bitPattern: word << 2) >> 27)
                                out[0] = p
                                p = p &+ (Int32(bitPattern: word << 7) >> 27)
                                out[1] = p
                                p = p &+ (Int32(bitPattern: word << 12) >> 27)
                                out[2] = p
                                p = p &+ (Int32(bitPattern: word << 17) >> 27)
                                out[3] = p
                                p = p &+ (Int32(bitPattern: word << 22) >> 27)
                                out[4] = p
                                p = p &+ (Int32(bitPattern: word << 27) >> 27)
                                out[5] = p
                                written &+= 6
                            case 2:
                                p = p &+ (Int32(bitPattern: word << 4) >> 28)
                                out[0] = p
                                p = p &+ (Int32(bitPattern: word << 8) >> 28)
                                out[1] = p
                                p = p &+ (Int32(bitPattern: word << 12) >> 28)
                                out[2] = p
                                p = p &+ (Int32(bitPattern: word << 16) >> 28)
                                out[3] = p
                                p = p &+ (Int32(bitPattern: word << 20) >> 28)
                                out[4] = p
                                p = p &+ (Int32(bitPattern: word << 24) >> 28)
                                out[5] = p
                                p = p &+ (Int32(bitPattern: word << 28) >> 28)
                                out[6] = p
                                written &+= 7
                            default:
                                throw MiniSEEDError(
                                    code: .corruptData,
                                    message: "impossible Steim2 code (dnib 11 after nibble 11) in frame \(frameIndex)")
                            }
                        }
                    }
                    previous = p
                    continue
                }
                // Checked path: the first difference (X0) and the last samples of the record.
                switch nibble {
                case 1:
                    let bytes = at.loadUnaligned(as: UInt32.self).bigEndian
                    put(Int32(Int8(truncatingIfNeeded: bytes >> 24)))
                    if written < count { put(Int32(Int8(truncatingIfNeeded: bytes >> 16))) }
                    if written < count { put(Int32(Int8(truncatingIfNeeded: bytes >> 8))) }
                    if written < count { put(Int32(Int8(truncatingIfNeeded: bytes))) }
                case 2 where !steim2:
                    put(Int32(Int16(bitPattern: Words.load16(at))))
                    if written < count { put(Int32(Int16(bitPattern: Words.load16(at + 2)))) }
                case 2:
                    let word = Words.load(at)
                    switch word >> 30 {
                    case 1: putBits(word, width: 30, top: 0, n: 1)
                    case 2: putBits(word, width: 15, top: 15, n: 2)
                    case 3: putBits(word, width: 10, top: 20, n: 3)
                    default:
                        throw MiniSEEDError(
                            code: .corruptData,
                            message: "impossible Steim2 code (dnib 00 after nibble 10) in frame \(frameIndex)")
                    }
                default:
                    let word = Words.load(at)
                    if !steim2 {
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
            }
            frameIndex &+= 1
        }
        return Output(count: written, lastSample: previous, xn: xn)
    }
}

extension SteimDecoding {
    /// An upper bound of the samples a frame's 15 words hold, from its nibbles alone: 4 for
    /// 8-bit words, and (Steim2) up to 3 for code 10 and 7 for code 11 (Steim1: 2 and 1).
    @inline(__always)
    static func maximumSamples(nibbles: UInt32, steim2: Bool) -> Int {
        let words = nibbles & 0x3FFF_FFFF  // word 0 holds the nibbles
        let low = words & 0x5555_5555
        let high = (words >> 1) & 0x5555_5555
        let eight = (low & ~high).nonzeroBitCount
        let ten = (high & ~low).nonzeroBitCount
        let eleven = (low & high).nonzeroBitCount
        return steim2 ? 4 &* eight &+ 3 &* ten &+ 7 &* eleven : 4 &* eight &+ 2 &* ten &+ eleven
    }

    /// Decodes words `firstWord...15` of a frame whose samples all fit in `output`.
    ///
    /// - Parameter invalid: set to the output position of the first impossible Steim2 code
    ///   met (its word is skipped), if it is still `nil`.
    /// - Returns: the position after the last sample written.
    @inline(__always)
    static func fastFrame<Words: WordOrder>(
        _ frame: UnsafeRawPointer, _: Words.Type, steim2: Bool, nibbles: UInt32, firstWord: Int, previous: inout Int32,
        into output: UnsafeMutablePointer<Int32>, invalid: inout UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<Int32> {
        var out = output
        var p = previous
        var codes = nibbles << UInt32(2 &* firstWord)  // the code of the first word in the top two bits
        var at = frame + 4 &* firstWord
        for _ in firstWord..<16 {
            let code = codes >> 30
            codes <<= 2
            defer { at += 4 }
            switch code {
            case 0:
                continue
            case 1:
                // Four 8-bit differences in memory order.
                let bytes = at.loadUnaligned(as: UInt32.self).bigEndian
                p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 24))
                out[0] = p
                p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 16))
                out[1] = p
                p = p &+ Int32(Int8(truncatingIfNeeded: bytes >> 8))
                out[2] = p
                p = p &+ Int32(Int8(truncatingIfNeeded: bytes))
                out[3] = p
                out += 4
            case 2 where !steim2:
                p = p &+ Int32(Int16(bitPattern: Words.load16(at)))
                out[0] = p
                p = p &+ Int32(Int16(bitPattern: Words.load16(at + 2)))
                out[1] = p
                out += 2
            case 2:
                let word = Words.load(at)
                switch word >> 30 {
                case 2:
                    p = p &+ (Int32(bitPattern: word << 2) >> 17)
                    out[0] = p
                    p = p &+ (Int32(bitPattern: word << 17) >> 17)
                    out[1] = p
                    out += 2
                case 3:
                    p = p &+ (Int32(bitPattern: word << 2) >> 22)
                    out[0] = p
                    p = p &+ (Int32(bitPattern: word << 12) >> 22)
                    out[1] = p
                    p = p &+ (Int32(bitPattern: word << 22) >> 22)
                    out[2] = p
                    out += 3
                case 1:
                    p = p &+ (Int32(bitPattern: word << 2) >> 2)
                    out[0] = p
                    out += 1
                default:
                    if invalid == nil { invalid = out }
                }
            default:
                let word = Words.load(at)
                if !steim2 {
                    p = p &+ Int32(bitPattern: word)
                    out[0] = p
                    out += 1
                    continue
                }
                switch word >> 30 {
                case 0:
                    p = p &+ (Int32(bitPattern: word << 2) >> 26)
                    out[0] = p
                    p = p &+ (Int32(bitPattern: word << 8) >> 26)
                    out[1] = p
                    p = p &+ (Int32(bitPattern: word << 14) >> 26)
                    out[2] = p
                    p = p &+ (Int32(bitPattern: word << 20) >> 26)
                    out[3] = p
                    p = p &+ (Int32(bitPattern: word << 26) >> 26)
                    out[4] = p
                    out += 5
                case 1:
                    p = p &+ (Int32(bitPattern: word << 2) >> 27)
                    out[0] = p
                    p = p &+ (Int32(bitPattern: word << 7) >> 27)
                    out[1] = p
                    p = p &+ (Int32(bitPattern: word << 12) >> 27)
                    out[2] = p
                    p = p &+ (Int32(bitPattern: word << 17) >> 27)
                    out[3] = p
                    p = p &+ (Int32(bitPattern: word << 22) >> 27)
                    out[4] = p
                    p = p &+ (Int32(bitPattern: word << 27) >> 27)
                    out[5] = p
                    out += 6
                case 2:
                    p = p &+ (Int32(bitPattern: word << 4) >> 28)
                    out[0] = p
                    p = p &+ (Int32(bitPattern: word << 8) >> 28)
                    out[1] = p
                    p = p &+ (Int32(bitPattern: word << 12) >> 28)
                    out[2] = p
                    p = p &+ (Int32(bitPattern: word << 16) >> 28)
                    out[3] = p
                    p = p &+ (Int32(bitPattern: word << 20) >> 28)
                    out[4] = p
                    p = p &+ (Int32(bitPattern: word << 24) >> 28)
                    out[5] = p
                    p = p &+ (Int32(bitPattern: word << 28) >> 28)
                    out[6] = p
                    out += 7
                default:
                    if invalid == nil { invalid = out }
                }
            }
        }
        previous = p
        return out
    }

    /// Samples of room a slack decode needs beyond the announced count: one frame's worst case.
    static let slack = 105

    /// Decodes whole frames without per-word checks into `output`, which has room for
    /// `count + slack` samples: the first difference is folded into the start value
    /// (`previous = X0 - d0`) and samples past `count` are written into the slack and
    /// ignored, as libmseed ignores them. Equal to ``decode(_:level:order:count:into:)``.
    static func decodeWithSlack(
        _ frames: UnsafeRawBufferPointer,
        level: Int,
        order: ByteOrder,
        count: Int,
        into output: UnsafeMutablePointer<Int32>
    ) throws(MiniSEEDError) -> Output {
        switch (level, order) {
        case (1, .bigEndian): return try decodeWithSlack(frames, BigEndianWords.self, steim2: false, count: count, into: output)
        case (1, .littleEndian): return try decodeWithSlack(frames, LittleEndianWords.self, steim2: false, count: count, into: output)
        case (_, .bigEndian): return try decodeWithSlack(frames, BigEndianWords.self, steim2: true, count: count, into: output)
        case (_, .littleEndian): return try decodeWithSlack(frames, LittleEndianWords.self, steim2: true, count: count, into: output)
        }
    }

    @inline(__always)
    private static func decodeWithSlack<Words: WordOrder>(
        _ frames: UnsafeRawBufferPointer, _: Words.Type, steim2: Bool, count: Int, into output: UnsafeMutablePointer<Int32>
    ) throws(MiniSEEDError) -> Output {
        let frameCount = frames.count / 64
        guard frameCount > 0, count > 0, let base = frames.baseAddress else { return Output(count: 0, lastSample: 0, xn: 0) }
        let x0 = Int32(bitPattern: Words.load(base + 4))
        let xn = Int32(bitPattern: Words.load(base + 8))
        var previous = x0 &- firstDifference(base, Words.self, steim2: steim2, frameCount: frameCount)
        var out = output
        let end = output + count
        var invalid: UnsafeMutablePointer<Int32>?
        var frameIndex = 0
        while frameIndex < frameCount && out < end {
            let frame = base + frameIndex &* 64
            out = fastFrame(
                frame, Words.self, steim2: steim2, nibbles: Words.load(frame), firstWord: frameIndex == 0 ? 3 : 1,
                previous: &previous, into: out, invalid: &invalid)
            frameIndex &+= 1
        }
        if let invalid, invalid < end {
            throw MiniSEEDError(
                code: .corruptData,
                message: "impossible Steim\(steim2 ? 2 : 1) code (a difference word's dnib) before sample \(invalid - output)")
        }
        let written = Swift.min(out - output, count)
        return Output(count: written, lastSample: written > 0 ? output[written &- 1] : 0, xn: xn)
    }

    /// The first difference of the record (the first field of its first data word), which
    /// libmseed replaces by X0.
    @inline(__always)
    private static func firstDifference<Words: WordOrder>(
        _ base: UnsafeRawPointer, _: Words.Type, steim2: Bool, frameCount: Int
    ) -> Int32 {
        for frameIndex in 0..<frameCount {
            let frame = base + frameIndex &* 64
            let nibbles = Words.load(frame)
            for wordIndex in (frameIndex == 0 ? 3 : 1)..<16 {
                let code = (nibbles >> UInt32(30 &- 2 &* wordIndex)) & 3
                let at = frame + 4 &* wordIndex
                switch code {
                case 0: continue
                case 1: return Int32(Int8(truncatingIfNeeded: at.loadUnaligned(as: UInt32.self).bigEndian >> 24))
                case 2 where !steim2: return Int32(Int16(bitPattern: Words.load16(at)))
                case 2:
                    let word = Words.load(at)
                    switch word >> 30 {
                    case 1: return Int32(bitPattern: word << 2) >> 2
                    case 2: return Int32(bitPattern: word << 2) >> 17
                    default: return Int32(bitPattern: word << 2) >> 22
                    }
                default:
                    let word = Words.load(at)
                    if !steim2 { return Int32(bitPattern: word) }
                    switch word >> 30 {
                    case 0: return Int32(bitPattern: word << 2) >> 26
                    case 1: return Int32(bitPattern: word << 2) >> 27
                    default: return Int32(bitPattern: word << 4) >> 28
                    }
                }
            }
        }
        return 0
    }
}

/// A byte order as a type, so that decoders are specialised per order.
protocol WordOrder {
    static func load(_ at: UnsafeRawPointer) -> UInt32
    static func load16(_ at: UnsafeRawPointer) -> UInt16
}

enum BigEndianWords: WordOrder {
    @inline(__always) static func load(_ at: UnsafeRawPointer) -> UInt32 { at.loadUnaligned(as: UInt32.self).bigEndian }
    @inline(__always) static func load16(_ at: UnsafeRawPointer) -> UInt16 { at.loadUnaligned(as: UInt16.self).bigEndian }
}

enum LittleEndianWords: WordOrder {
    @inline(__always) static func load(_ at: UnsafeRawPointer) -> UInt32 { at.loadUnaligned(as: UInt32.self).littleEndian }
    @inline(__always) static func load16(_ at: UnsafeRawPointer) -> UInt16 { at.loadUnaligned(as: UInt16.self).littleEndian }
}
