/// How ``FileSystemStore`` maps keys to paths under its root, one path segment per key segment.
///
/// POSIX paths cannot hold an empty segment, and a key must never reach outside the root,
/// so each segment is escaped (documented in Docs/data-format.md, "The local store"):
/// - an empty segment (the empty location of `UWE//HHZ`) is the directory `--`, the FDSN
///   spelling of an empty location;
/// - `%` is written `%25`, a segment that is literally `--` is written `%2D%2D`, and a
///   leading `.` is written `%2E`, so no stored name starts with `.` (the store's own
///   `.seiscache` folder and temporary files cannot collide with keys);
/// - keys with `.` or `..` segments or NUL, longer than 1024 bytes, or with a segment longer
///   than 255 bytes once escaped are refused (`invalidKey`).
enum LocalKeyPath {
    static let maximumKeyBytes = 1024

    /// The relative path of a key.
    static func encode(_ key: String) throws(ObjectStoreError) -> String {
        try encodedSegments(key).joined(separator: "/")
    }

    /// The names on disk of a key's segments: folders, then the file.
    static func encodedSegments(_ key: String) throws(ObjectStoreError) -> [String] {
        let segments = try validatedSegments(key)
        return try segments.map { segment throws(ObjectStoreError) in
            let encoded = encode(segment: segment)
            guard encoded.utf8.count <= 255 else {
                throw ObjectStoreError(
                    code: .invalidKey, key: key, message: "a key segment is longer than 255 bytes on disk")
            }
            return encoded
        }
    }

    /// The segments of a key, checked.
    static func validatedSegments(_ key: String) throws(ObjectStoreError) -> [Substring] {
        guard !key.isEmpty, key.utf8.count <= maximumKeyBytes, !key.utf8.contains(0) else {
            throw ObjectStoreError(
                code: .invalidKey, key: key,
                message: "keys are 1–\(maximumKeyBytes) bytes without NUL")
        }
        let segments = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !segments.contains(where: { $0 == "." || $0 == ".." }) else {
            throw ObjectStoreError(code: .invalidKey, key: key, message: "keys may not contain . or .. segments")
        }
        return segments
    }

    static func encode(segment: Substring) -> String {
        if segment.isEmpty { return "--" }
        if segment == "--" { return "%2D%2D" }
        var out = segment.replacingPercent()
        if out.hasPrefix(".") { out = "%2E" + out.dropFirst() }
        return out
    }

    /// The key segment of a name found on disk, or `nil` for names the store did not write.
    static func decode(name: String) -> String? {
        if name == "--" { return "" }
        guard !name.hasPrefix("."), !name.isEmpty else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        var iterator = Array(name.utf8)[...]
        while let b = iterator.popFirst() {
            if b == UInt8(ascii: "%") {
                guard iterator.count >= 2, let high = hex(iterator.removeFirst()), let low = hex(iterator.removeFirst())
                else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 48...57: b - 48
        case 65...70: b - 55
        case 97...102: b - 87
        default: nil
        }
    }
}

extension Substring {
    fileprivate func replacingPercent() -> String {
        contains("%") ? split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%25") : String(self)
    }
}
