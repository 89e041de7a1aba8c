import SeedCore

/// Text helpers shared by the key types: padding, the `YYYY-MM-DD-HH-MM-SS` stamp of names,
/// and the character classes of codes.
enum KeyText {
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    static func isSEEDByte(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }

    static func isVolcanoByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 95 || b == 45
    }

    /// `2025-11-04-22-00-00`.
    static func stamp(_ time: UTCTime) -> String {
        let c = time.components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))-\(pad(c.hour, 2))-\(pad(c.minute, 2))-"
            + pad(c.second, 2)
    }

    /// Parses `YYYY-MM-DD-HH-MM-SS`.
    static func parseStamp(_ text: Substring) -> UTCTime? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0].count == 4, parts[1...].allSatisfy({ $0.count == 2 }) else { return nil }
        return UTCTime(iso8601: "\(parts[0])-\(parts[1])-\(parts[2])T\(parts[3]):\(parts[4]):\(parts[5])Z")
    }

    /// `HH:MM:SS` of a time (the day-metadata entry fields).
    static func clock(_ time: UTCTime) -> String {
        let c = time.components
        return "\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }
}
