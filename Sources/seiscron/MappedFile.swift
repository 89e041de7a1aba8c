import Foundation

/// A read-only memory map of a whole file: the decoder reads the file's pages in place, so a
/// large input is never copied onto the heap (the kernel pages it in as it is read and can
/// drop it again; reading it whole into `Data` and then `[UInt8]` held it twice).
final class MappedFile {
    /// The file's bytes, valid until the map is released.
    let bytes: UnsafeRawBufferPointer
    private let base: UnsafeMutableRawPointer?
    private let length: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Maps `path`.
    /// - Throws: ``Failure`` naming the path and the system's reason.
    init(path: String) throws {
        // O_NOFOLLOW is not wanted here: an operator may point at a symlinked archive file.
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw Failure(description: "cannot read \(path): not a regular file") }
        length = Int(info.st_size)
        guard length > 0 else {
            base = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0)
        // MAP_FAILED is `(void *)-1`, which Swift does not import.
        guard let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw Failure(description: "cannot map \(path): \(String(cString: strerror(errno)))")
        }
        // Records are read front to back: let the kernel read ahead and drop pages behind.
        madvise(mapped, length, MADV_SEQUENTIAL)
        base = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: length)
    }

    deinit {
        if let base { munmap(base, length) }
    }
}
