#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Crypto
import SeedCore

/// The local store's ``ObjectReader``: the opened file itself, read with `pread`.
///
/// A rewrite renames a new file over the path; this reader keeps the file it opened, so
/// every piece comes from the version whose ETag it reported. The ETag (MD5, as S3 gives a
/// single-part upload) is computed at opening in pieces of ``hashPieceSize``, never holding
/// the whole file. The descriptor is closed when the reader is released.
final class FileObjectReader: ObjectReader {
    let info: ObjectInfo
    private let fd: Int32
    private let path: String

    /// Bytes hashed per read while computing the ETag.
    static let hashPieceSize = 1 << 20

    /// Opens `name` in `folder` (a regular file, never a link) and hashes it.
    init(in folder: Int32, _ name: String, key: String, path: String) throws(POSIXFile.Failure) {
        let (fd, status) = try POSIXFile.openRegular(in: folder, name, path: path)
        self.fd = fd
        self.path = path
        var md5 = Insecure.MD5()
        var offset = 0
        do throws(POSIXFile.Failure) {
            while offset < status.size {
                let piece = try POSIXFile.read(fd, from: offset, count: Self.hashPieceSize, path: path)
                if piece.isEmpty { break }
                md5.update(data: piece)
                offset += piece.count
            }
        } catch {
            close(fd)
            throw error
        }
        info = ObjectInfo(
            key: key, size: offset, etag: ETag(md5: md5.finalize()),
            lastModified: UTCTime(nanoseconds: status.modifiedNanoseconds))
    }

    deinit { close(fd) }

    func read(from offset: Int, count: Int) async throws(ObjectStoreError) -> [UInt8] {
        let end = Swift.min(offset + Swift.max(0, count), info.size)
        guard offset < end else { return [] }
        do throws(POSIXFile.Failure) {
            return try POSIXFile.read(fd, from: offset, count: end - offset, path: path)
        } catch {
            throw FileSystemStore.error(error, key: info.key)
        }
    }
}
