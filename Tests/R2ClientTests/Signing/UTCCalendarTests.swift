import Foundation
import Testing

@testable import R2Client

@Suite struct UTCCalendarTests {
    @Test(
        "SigV4 timestamps",
        arguments: [
            (0.0, "19700101T000000Z"),
            (1_369_353_600.0, "20130524T000000Z"),
            (951_782_400.0, "20000229T000000Z"),
            (4_102_444_799.9, "20991231T235959Z"),
        ]
    )
    func formatsAMZDate(_ seconds: TimeInterval, _ expected: String) {
        #expect(UTCCalendar.amzDateTime(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func parsesHTTPDates() {
        #expect(UTCCalendar.parseHTTPDate("Fri, 24 May 2013 00:00:00 GMT") == Date(timeIntervalSince1970: 1_369_353_600))
        #expect(UTCCalendar.parseHTTPDate("Mon, 23 Nov 2026 08:05:59 GMT") == Date(timeIntervalSince1970: 1_795_421_159))
        #expect(UTCCalendar.parseHTTPDate("yesterday") == nil)
    }

    @Test func parsesISO8601WithAndWithoutFraction() {
        #expect(UTCCalendar.parseISO8601("2013-05-24T00:00:00Z") == Date(timeIntervalSince1970: 1_369_353_600))
        #expect(UTCCalendar.parseISO8601("2013-05-24T00:00:00.500Z") == Date(timeIntervalSince1970: 1_369_353_600.5))
        #expect(UTCCalendar.parseISO8601("2013-05-24") == nil)
    }

    @Test func roundTripsComponents() {
        for seconds in stride(from: -86_400 * 800, through: 86_400 * 40_000, by: 86_400 * 37 + 3_611) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(UTCCalendar.date(from: UTCCalendar.components(of: date)) == date)
        }
    }
}
