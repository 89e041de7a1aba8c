/// Steim1 and Steim2 decompression, following libmseed 2 (`unpackdata.c`) bit for bit,
/// including its byte handling: 8-bit differences are read in memory order, Steim1 16-bit
/// differences as two half-words in memory order, everything else as whole words in the
/// data byte order.
///
/// Speed: the byte order is a type parameter (no per-word branch on it), chosen once per
/// record in ``specialised(_:level:order:count:into:slack:)``; every word whose differences
/// all fit before the announced count takes a path with constant shifts and no per-sample
/// checks (``fastWord(_:at:_:steim2:previous:into:)``); only the first difference (replaced by
/// X0) and the last few samples go through the checked path.
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

    /// Steim level 1 (blockette 1000 encoding ``SampleEncoding/steim1``).
    static let steim1Level = 1
    /// Steim level 2 (blockette 1000 encoding ``SampleEncoding/steim2``).
    static let steim2Level = 2
    /// Bytes in a Steim frame: sixteen 32-bit words, the first holding the words' codes.
    static let frameLength = 64
    /// Samples of room a slack decode needs beyond the announced count: one frame's worst case.
    static let slack = 105

    /// Decodes Steim frames into `output`.
    ///
    /// - Parameters:
    ///   - frames: the data section of the record (whole 64-byte frames are used).
    ///   - level: ``steim1Level`` or ``steim2Level``.
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
        try specialised(frames, level: level, order: order, count: count, into: output, slack: false)
    }

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
        try specialised(frames, level: level, order: order, count: count, into: output, slack: true)
    }

    /// The one dispatch on byte order and level: each case runs code specialised for its word
    /// order with the level as a constant.
    private static func specialised(
        _ frames: UnsafeRawBufferPointer,
        level: Int,
        order: ByteOrder,
        count: Int,
        into output: UnsafeMutablePointer<Int32>,
        slack: Bool
    ) throws(MiniSEEDError) -> Output {
        switch (level == steim1Level, order) {
        case (true, .bigEndian):
            return try run(frames, BigEndianWords.self, steim2: false, count: count, into: output, slack: slack)
        case (true, .littleEndian):
            return try run(frames, LittleEndianWords.self, steim2: false, count: count, into: output, slack: slack)
        case (false, .bigEndian):
            return try run(frames, BigEndianWords.self, steim2: true, count: count, into: output, slack: slack)
        case (false, .littleEndian):
            return try run(frames, LittleEndianWords.self, steim2: true, count: count, into: output, slack: slack)
        }
    }

    @inline(__always)
    private static func run<Words: WordOrder>(
        _ frames: UnsafeRawBufferPointer,
        _ words: Words.Type,
        steim2: Bool,
        count: Int,
        into output: UnsafeMutablePointer<Int32>,
        slack: Bool
    ) throws(MiniSEEDError) -> Output {
        slack
            ? try decodeSlack(frames, words, steim2: steim2, count: count, into: output)
            : try decodeChecked(frames, words, steim2: steim2, count: count, into: output)
    }
}
