/// A UTC instant with nanosecond resolution, counted from 1970-01-01T00:00:00Z.
///
/// The same representation as ObsPy's `UTCDateTime.ns`, so times computed here can be
/// compared with ObsPy's exactly. Leap seconds are not counted (POSIX time).
public struct UTCTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the Unix epoch.
    public var nanoseconds: Int64

    /// Creates a time from nanoseconds since the Unix epoch.
    public init(nanoseconds: Int64) {
        self.nanoseconds = nanoseconds
    }

    /// Creates a time from whole seconds since the Unix epoch.
    public init(seconds: Int64) {
        self.nanoseconds = seconds * 1_000_000_000
    }

    /// Creates a time from calendar fields (UTC).
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, nanosecond: Int = 0) {
        let days = Int64(Self.daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.nanoseconds = seconds * 1_000_000_000 + Int64(nanosecond)
    }

    /// Creates a time from a year and day of year (1-based), as miniSEED headers give it.
    public init(year: Int, dayOfYear: Int, hour: Int, minute: Int, second: Int, nanosecond: Int) {
        let days = Int64(Self.daysFromCivil(year: year, month: 1, day: 1) + dayOfYear - 1)
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.nanoseconds = seconds * 1_000_000_000 + Int64(nanosecond)
    }

    public static func < (lhs: UTCTime, rhs: UTCTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Whole seconds since the epoch, rounded down.
    public var secondsFloor: Int64 {
        nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : -((-nanoseconds - 1) / 1_000_000_000) - 1
    }

    /// This time rounded down to the whole second.
    public var flooredToSecond: UTCTime { UTCTime(seconds: secondsFloor) }

    /// Whether the time falls on a whole second.
    public var isWholeSecond: Bool { nanoseconds % 1_000_000_000 == 0 }

    /// Calendar fields of this time (UTC).
    public var components:
        (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int)
    {
        let seconds = secondsFloor
        let nanos = Int(nanoseconds - seconds * 1_000_000_000)
        var days = seconds / 86_400
        var rest = seconds - days * 86_400
        if rest < 0 {
            rest += 86_400
            days -= 1
        }
        let (y, m, d) = Self.civilFromDays(Int(days))
        return (y, m, d, Int(rest / 3600), Int(rest % 3600 / 60), Int(rest % 60), nanos)
    }

    /// ISO 8601 with microseconds, e.g. `2025-11-04T22:00:00.000000Z` (ObsPy's `str(UTCDateTime)`).
    public var description: String { iso8601(fractionDigits: 6) }

    /// ISO 8601 text with the given number of fraction digits (0...9), always ending in `Z`.
    public func iso8601(fractionDigits: Int = 0) -> String {
        let c = components
        var text =
            "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))T"
            + "\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))"
        if fractionDigits > 0 {
            let digits = min(fractionDigits, 9)
            var divisor = 1
            for _ in 0..<(9 - digits) { divisor *= 10 }
            text += "." + Self.pad(c.nanosecond / divisor, digits)
        }
        return text + "Z"
    }

    /// The years whose every instant a `UTCTime` can hold: 64-bit nanoseconds since 1970 reach
    /// from 1677-09-21 to 2262-04-11, so text outside these years is refused, not overflowed.
    public static let representableYears: ClosedRange<Int> = 1678...2261

    /// Parses ISO 8601 UTC text: `YYYY-MM-DDTHH:MM:SS[.fraction][Z]`, also with a space
    /// instead of `T`, or a date alone. Returns `nil` for anything else, and for years outside
    /// ``representableYears``.
    public init?(iso8601 text: String) {
        var bytes = Array(text.utf8)
        if bytes.last == UInt8(ascii: "Z") || bytes.last == UInt8(ascii: "z") { bytes.removeLast() }
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for i in range {
                let b = bytes[i]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            return value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            Self.representableYears.contains(year),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year)
        else { return nil }
        var hour = 0
        var minute = 0
        var second = 0
        var nanos = 0
        if bytes.count > 10 {
            guard bytes.count >= 19, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
                bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
                let h = number(11..<13), let mi = number(14..<16), let s = number(17..<19),
                h < 24, mi < 60, s < 60
            else { return nil }
            (hour, minute, second) = (h, mi, s)
            if bytes.count > 19 {
                guard bytes[19] == UInt8(ascii: "."), bytes.count > 20, bytes.count <= 29,
                    let fraction = number(20..<bytes.count)
                else { return nil }
                nanos = fraction
                for _ in 0..<(9 - (bytes.count - 20)) { nanos *= 10 }
            }
        }
        self.init(year: year, month: month, day: day, hour: hour, minute: minute, second: second, nanosecond: nanos)
    }

    /// Adds a number of nanoseconds.
    public func adding(nanoseconds delta: Int64) -> UTCTime { UTCTime(nanoseconds: nanoseconds + delta) }

    /// Adds whole seconds.
    public func adding(seconds delta: Int64) -> UTCTime { UTCTime(nanoseconds: nanoseconds + delta * 1_000_000_000) }

    // MARK: - Calendar arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
