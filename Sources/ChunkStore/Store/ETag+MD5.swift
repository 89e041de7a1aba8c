import Crypto

extension ETag {
    /// The MD5 hex of `bytes`: the ETag S3, R2 and ``FileSystemStore`` give a single-part
    /// upload, so a writer can tell whether the stored object already holds these bytes.
    public init(md5Of bytes: [UInt8]) {
        self.init(md5: Insecure.MD5.hash(data: bytes))
    }

    /// The hex of an MD5 digest (of bytes hashed in pieces).
    init(md5 digest: Insecure.MD5.Digest) {
        self.init(digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
    }
}
