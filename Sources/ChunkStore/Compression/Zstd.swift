import CZstd

/// zstd as chunks use it: one frame, level 3, content size and checksum recorded (DESIGN "Chunk payload").
public enum Zstd {
    /// The level every chunk is written with.
    public static let defaultLevel: Int32 = 3

    /// Compresses `bytes` into one frame that records its content size and an XXH64
    /// checksum of the content (as the `zstd` CLI writes by default), so a damaged object is
    /// detected on read instead of decoding to wrong samples.
    /// - Throws: ``ZstdError`` if libzstd reports an error.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = defaultLevel) throws(ZstdError)
        -> [UInt8]
    {
        guard let context = ZSTD_createCCtx() else {
            throw ZstdError(code: .library, message: "cannot allocate a compression context")
        }
        defer { ZSTD_freeCCtx(context) }
        for (parameter, value) in [
            (ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1), (ZSTD_c_contentSizeFlag, 1),
        ] {
            let result = ZSTD_CCtx_setParameter(context, parameter, value)
            if ZSTD_isError(result) != 0 {
                throw ZstdError(code: .library, message: "cannot set \(parameter): \(errorName(result))")
            }
        }
        let bound = ZSTD_compressBound(bytes.count)
        var failure: ZstdError?
        let output = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            let written = ZSTD_compress2(context, buffer.baseAddress, bound, bytes.baseAddress, bytes.count)
            if ZSTD_isError(written) != 0 {
                failure = ZstdError(code: .library, message: "compression failed: \(errorName(written))")
                count = 0
            } else {
                count = written
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Compresses a byte array.
    public static func compress(_ bytes: [UInt8], level: Int32 = defaultLevel) throws(ZstdError) -> [UInt8] {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(ZstdError) in try compress(buffer, level: level) }
        }
        return try result.get()
    }

    /// Decompresses exactly one zstd frame that records its content size.
    ///
    /// - Parameters:
    ///   - frame: the whole object.
    ///   - maximumSize: the largest content accepted (a corrupt header must not ask for
    ///     gigabytes); defaults to 400 MB, a day at 1 kHz.
    /// - Throws: ``ZstdError``: `notZstd`, `unknownContentSize`, `tooLarge`, `trailingData`
    ///   (more than one frame or junk after it), `corrupt` (libzstd's error or a size that
    ///   differs from the recorded one).
    public static func decompress(_ frame: [UInt8], maximumSize: Int = 400_000_000) throws(ZstdError) -> [UInt8] {
        let result: Result<[UInt8], ZstdError> = frame.withUnsafeBytes { input in
            guard let base = input.baseAddress, input.count >= 4 else {
                return .failure(ZstdError(code: .notZstd, message: "\(input.count) bytes are not a zstd frame"))
            }
            let contentSize = ZSTD_getFrameContentSize(base, input.count)
            // The macros ZSTD_CONTENTSIZE_ERROR / _UNKNOWN are (0ULL - 2) / (0ULL - 1).
            if contentSize == UInt64.max - 1 {
                return .failure(ZstdError(code: .notZstd, message: "the data does not start with a zstd frame header"))
            }
            if contentSize == UInt64.max {
                return .failure(
                    ZstdError(
                        code: .unknownContentSize,
                        message: "the frame does not record its content size; chunks are written with it"))
            }
            guard contentSize <= UInt64(maximumSize) else {
                return .failure(
                    ZstdError(code: .tooLarge, message: "the frame claims \(contentSize) bytes (limit \(maximumSize))"))
            }
            let frameSize = ZSTD_findFrameCompressedSize(base, input.count)
            if ZSTD_isError(frameSize) != 0 {
                return .failure(ZstdError(code: .corrupt, message: "truncated or corrupt frame: \(errorName(frameSize))"))
            }
            guard frameSize == input.count else {
                return .failure(
                    ZstdError(
                        code: .trailingData,
                        message: "\(input.count - frameSize) bytes follow the frame; a chunk is exactly one frame"))
            }
            let expected = Int(contentSize)
            var failure: ZstdError?
            let output = [UInt8](unsafeUninitializedCapacity: expected) { buffer, count in
                let written = ZSTD_decompress(buffer.baseAddress, expected, base, input.count)
                if ZSTD_isError(written) != 0 {
                    failure = ZstdError(code: .corrupt, message: "corrupt frame: \(errorName(written))")
                    count = 0
                } else if written != expected {
                    failure = ZstdError(
                        code: .corrupt, message: "the frame decoded to \(written) bytes, its header says \(expected)")
                    count = 0
                } else {
                    count = written
                }
            }
            if let failure { return .failure(failure) }
            return .success(output)
        }
        return try result.get()
    }

    private static func errorName(_ code: Int) -> String {
        guard let name = ZSTD_getErrorName(code) else { return "error \(code)" }
        return String(cString: name)
    }
}
