extension SteimDecoding {
    /// Decodes at most `count` samples, checking the count word by word near the end: the
    /// first difference (libmseed stores X0 instead) and the record's last samples take the
    /// checked path, every other word ``fastWord(_:at:_:steim2:previous:into:)``.
    @inline(__always)
    static func decodeChecked<Words: WordOrder>(
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
            let frame = base + frameIndex &* frameLength
            let nibbles = Words.load(frame)
            if frameIndex > 0 && written > 0 && count &- written >= maximumSamples(nibbles: nibbles, steim2: steim2) {
                // Every difference of the frame fits: decode its 15 words without checks.
                var invalid: UnsafeMutablePointer<Int32>?
                let out = fastFrame(
                    frame,
                    Words.self,
                    steim2: steim2,
                    nibbles: nibbles,
                    firstWord: 1,
                    previous: &previous,
                    into: output + written,
                    invalid: &invalid
                )
                if invalid != nil {
                    throw MiniSEEDError(
                        code: .corruptData,
                        message: "impossible Steim2 code (a difference word's dnib) in frame \(frameIndex)"
                    )
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
                    // Every difference of this word fits: constant shifts, no checks.
                    var out = output + written
                    guard fastWord(nibble, at: at, Words.self, steim2: steim2, previous: &previous, into: &out) else {
                        throw impossibleCode(nibble: nibble, frame: frameIndex)
                    }
                    written = out - output
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
                    default: throw impossibleCode(nibble: nibble, frame: frameIndex)
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
                        default: throw impossibleCode(nibble: nibble, frame: frameIndex)
                        }
                    }
                }
            }
            frameIndex &+= 1
        }
        return Output(count: written, lastSample: previous, xn: xn)
    }

    /// The error for a Steim2 difference word whose dnib its nibble does not allow.
    private static func impossibleCode(nibble: UInt32, frame: Int) -> MiniSEEDError {
        MiniSEEDError(
            code: .corruptData,
            message: "impossible Steim2 code (\(nibble == 2 ? "dnib 00 after nibble 10" : "dnib 11 after nibble 11")) "
                + "in frame \(frame)"
        )
    }
}
