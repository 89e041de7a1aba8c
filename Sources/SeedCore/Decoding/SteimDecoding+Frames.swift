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

    /// Decodes the differences of one word with nibble `code` (1, 2 or 3) at `at`, all of
    /// which fit in `output`: constant shifts, no checks. Advances `output` past them.
    ///
    /// - Returns: false for an impossible Steim2 code (nothing written).
    @inline(__always)
    static func fastWord<Words: WordOrder>(
        _ code: UInt32,
        at: UnsafeRawPointer,
        _: Words.Type,
        steim2: Bool,
        previous: inout Int32,
        into output: inout UnsafeMutablePointer<Int32>
    ) -> Bool {
        var p = previous
        let out = output
        defer { previous = p }
        switch code {
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
            output += 4
        case 2 where !steim2:
            // Steim1: two 16-bit differences, each half-word in the data byte order.
            p = p &+ Int32(Int16(bitPattern: Words.load16(at)))
            out[0] = p
            p = p &+ Int32(Int16(bitPattern: Words.load16(at + 2)))
            out[1] = p
            output += 2
        case 2:
            let word = Words.load(at)
            switch word >> 30 {
            case 1:
                p = p &+ (Int32(bitPattern: word << 2) >> 2)
                out[0] = p
                output += 1
            case 2:
                p = p &+ (Int32(bitPattern: word << 2) >> 17)
                out[0] = p
                p = p &+ (Int32(bitPattern: word << 17) >> 17)
                out[1] = p
                output += 2
            case 3:
                p = p &+ (Int32(bitPattern: word << 2) >> 22)
                out[0] = p
                p = p &+ (Int32(bitPattern: word << 12) >> 22)
                out[1] = p
                p = p &+ (Int32(bitPattern: word << 22) >> 22)
                out[2] = p
                output += 3
            default:
                return false
            }
        default:
            let word = Words.load(at)
            if !steim2 {
                p = p &+ Int32(bitPattern: word)
                out[0] = p
                output += 1
                return true
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
                output += 5
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
                output += 6
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
                output += 7
            default:
                return false
            }
        }
        return true
    }

    /// Decodes words `firstWord...15` of a frame whose samples all fit in `output`.
    ///
    /// - Parameter invalid: set to the output position of the first impossible Steim2 code
    ///   met (its word is skipped), if it is still `nil`.
    /// - Returns: the position after the last sample written.
    @inline(__always)
    static func fastFrame<Words: WordOrder>(
        _ frame: UnsafeRawPointer,
        _ words: Words.Type,
        steim2: Bool,
        nibbles: UInt32,
        firstWord: Int,
        previous: inout Int32,
        into output: UnsafeMutablePointer<Int32>,
        invalid: inout UnsafeMutablePointer<Int32>?
    ) -> UnsafeMutablePointer<Int32> {
        var out = output
        var codes = nibbles << UInt32(2 &* firstWord)  // the code of the first word in the top two bits
        var at = frame + 4 &* firstWord
        for _ in firstWord..<16 {
            let code = codes >> 30
            codes <<= 2
            defer { at += 4 }
            if code != 0 && !fastWord(code, at: at, words, steim2: steim2, previous: &previous, into: &out) && invalid == nil {
                invalid = out
            }
        }
        return out
    }

    /// The slack decode of ``decodeWithSlack(_:level:order:count:into:)`` for one word order.
    @inline(__always)
    static func decodeSlack<Words: WordOrder>(
        _ frames: UnsafeRawBufferPointer,
        _: Words.Type,
        steim2: Bool,
        count: Int,
        into output: UnsafeMutablePointer<Int32>
    ) throws(MiniSEEDError) -> Output {
        let frameCount = frames.count / frameLength
        guard frameCount > 0, count > 0, let base = frames.baseAddress else { return Output(count: 0, lastSample: 0, xn: 0) }
        let x0 = Int32(bitPattern: Words.load(base + 4))
        let xn = Int32(bitPattern: Words.load(base + 8))
        var previous = x0 &- firstDifference(base, Words.self, steim2: steim2, frameCount: frameCount)
        var out = output
        let end = output + count
        var invalid: UnsafeMutablePointer<Int32>?
        var frameIndex = 0
        while frameIndex < frameCount && out < end {
            let frame = base + frameIndex &* frameLength
            out = fastFrame(
                frame,
                Words.self,
                steim2: steim2,
                nibbles: Words.load(frame),
                firstWord: frameIndex == 0 ? 3 : 1,
                previous: &previous,
                into: out,
                invalid: &invalid
            )
            frameIndex &+= 1
        }
        if let invalid, invalid < end {
            throw MiniSEEDError(
                code: .corruptData,
                message: "impossible Steim\(steim2 ? 2 : 1) code (a difference word's dnib) before sample \(invalid - output)"
            )
        }
        let written = Swift.min(out - output, count)
        return Output(count: written, lastSample: written > 0 ? output[written &- 1] : 0, xn: xn)
    }

    /// The first difference of the record (the first field of its first data word), which
    /// libmseed replaces by X0.
    @inline(__always)
    private static func firstDifference<Words: WordOrder>(
        _ base: UnsafeRawPointer,
        _: Words.Type,
        steim2: Bool,
        frameCount: Int
    ) -> Int32 {
        for frameIndex in 0..<frameCount {
            let frame = base + frameIndex &* frameLength
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
