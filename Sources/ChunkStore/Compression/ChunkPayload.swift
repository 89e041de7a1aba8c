/// A chunk's content: `seconds × rate` little-endian int32 samples in one zstd frame.
public enum ChunkPayload {
    /// Compresses samples into a chunk payload.
    /// - Throws: ``ZstdError`` if libzstd fails.
    public static func encode(_ samples: [Int32]) throws(ZstdError) -> [UInt8] {
        #if _endian(little)
        let result = samples.withUnsafeBytes { bytes in Result { () throws(ZstdError) in try Zstd.compress(bytes) } }
        return try result.get()
        #else
        var bytes = [UInt8]()
        bytes.reserveCapacity(samples.count * 4)
        for sample in samples { withUnsafeBytes(of: sample.littleEndian) { bytes.append(contentsOf: $0) } }
        return try Zstd.compress(bytes)
        #endif
    }

    /// Decompresses a chunk payload into samples.
    /// - Parameters:
    ///   - payload: the stored object.
    ///   - expectedSamples: when given, the sample count the key implies; anything else is an error.
    /// - Throws: ``ZstdError`` (including `wrongSampleCount`).
    public static func decode(_ payload: [UInt8], expectedSamples: Int? = nil) throws(ZstdError) -> [Int32] {
        let bytes = try Zstd.decompress(payload)
        guard bytes.count % 4 == 0, expectedSamples.map({ $0 * 4 == bytes.count }) ?? true else {
            throw ZstdError(
                code: .wrongSampleCount,
                message: "the payload holds \(bytes.count) bytes; expected \(expectedSamples.map { "\($0 * 4)" } ?? "a multiple of 4")")
        }
        return [Int32](unsafeUninitializedCapacity: bytes.count / 4) { buffer, count in
            bytes.withUnsafeBytes { raw in
                for i in 0..<(bytes.count / 4) {
                    buffer[i] = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: Int32.self))
                }
            }
            count = bytes.count / 4
        }
    }
}
