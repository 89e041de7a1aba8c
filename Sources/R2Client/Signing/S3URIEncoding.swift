/// Percent-encoding exactly as SigV4 wants it for S3.
///
/// Everything but the RFC 3986 unreserved set `A-Za-z0-9-._~` is encoded as `%XX` (uppercase hex,
/// UTF-8 bytes). S3 signs the path encoded *once* (other AWS services encode it twice) and does not
/// normalise it, so `//` and trailing `/` stay: empty key segments are real in this package's keys
/// (`.../UWE//HHZ/...`, empty location code).
package enum S3URIEncoding {
    /// Encodes one query name or value, or one path segment: `/` is encoded too.
    package static func encode(_ string: String) -> String {
        encode(string, keepingSlash: false)
    }

    /// Encodes a path or an object key, keeping `/` and empty segments as they are.
    package static func encodePath(_ path: String) -> String {
        encode(path, keepingSlash: true)
    }

    private static func encode(_ string: String, keepingSlash: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || (keepingSlash && byte == UInt8(ascii: "/")) {
                bytes.append(byte)
            } else {
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
