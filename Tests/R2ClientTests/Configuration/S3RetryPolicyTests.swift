import Testing

@testable import R2Client

@Suite struct S3RetryPolicyTests {
    @Test func withoutJitterTheBackoffDoublesUpToTheCap() {
        let policy = S3RetryPolicy(maximumAttempts: 10, baseDelay: .milliseconds(200), maximumDelay: .seconds(1), jitter: .none)
        var generator = SystemRandomNumberGenerator()
        let delays = (1...6).map { policy.delay(beforeRetry: $0, using: &generator) }
        #expect(delays == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1), .seconds(1)])
    }

    @Test func fullJitterStaysWithinTheBackoff() {
        let policy = S3RetryPolicy.default
        var generator = SystemRandomNumberGenerator()
        for retry in 1...20 {
            let delay = policy.delay(beforeRetry: retry, using: &generator)
            let cap = min(Duration.seconds(5), .milliseconds(200) * (1 << min(retry - 1, 30)))
            #expect(delay >= .zero && delay <= cap)
        }
    }

    @Test func atLeastOneAttempt() {
        #expect(S3RetryPolicy(maximumAttempts: 0).maximumAttempts == 1)
        #expect(S3RetryPolicy.never.maximumAttempts == 1)
    }
}
