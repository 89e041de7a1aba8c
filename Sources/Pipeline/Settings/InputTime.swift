package import SeedCore

/// The instants the product accepts from outside: HTTP queries and bodies, command-line flags.
///
/// ISO 8601 UTC from 1970 through 2100. The range is checked before any arithmetic, so the
/// spans added to such a time (hours, days, a week of chunks) stay far inside what ``UTCTime``
/// can hold; a far-future or far-past time is refused with ``expected``, never overflowed.
package enum InputTime {
    /// The accepted years.
    package static let years: ClosedRange<Int> = 1970...2100

    /// What is accepted, for error messages.
    package static let expected = "an ISO 8601 UTC time from 1970 through 2100, like 2025-11-04T22:00:00Z"

    /// Parses `text`, or `nil` when it is not ISO 8601 UTC or falls outside ``years``.
    package static func parse(_ text: String) -> UTCTime? {
        guard let time = UTCTime(iso8601: text), years.contains(time.components.year) else { return nil }
        return time
    }
}
