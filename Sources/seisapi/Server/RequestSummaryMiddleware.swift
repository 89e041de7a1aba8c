import Hummingbird
import Logging
import SeedCore
import Synchronization

/// One `info` line per minute with what the API answered, instead of one line per request.
///
/// Each request is logged at `debug` by Hummingbird's `LogRequestsMiddleware`; at the
/// default level a busy API wrote 260 MB of request lines in 100 s. This counts answers
/// by status class (and the connections refused or timed out, from their metrics) and
/// logs the counts when a request arrives after the minute is over — an idle API logs
/// nothing. Time is a parameter (a `Clock`), so tests need not wait a minute.
struct RequestSummaryMiddleware<Context: RequestContext>: RouterMiddleware {
    private let summary: RequestSummary
    private let logger: Logger

    /// - Parameters:
    ///   - period: how often a summary is logged. Default a minute.
    ///   - clock: the time periods are counted on (tests pass a manual one).
    init(period: Duration = .seconds(60), logger: Logger, clock: any Clock<Duration> = ContinuousClock()) {
        summary = RequestSummary(period: period, clock: clock)
        self.logger = logger
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            let response = try await next(request, context)
            summary.count(status: response.status.code, logger: logger)
            return response
        } catch {
            summary.count(status: (error as? any HTTPResponseError)?.status.code ?? 500, logger: logger)
            throw error
        }
    }
}

/// The counts of ``RequestSummaryMiddleware`` for the running period.
final class RequestSummary: Sendable {
    /// One period's answers.
    struct Counts: Sendable {
        /// When the period began (time since the summary was made).
        var periodStart: Duration
        /// Answers by status class: index 2 counts 2xx, …, 5 counts 5xx.
        var byClass = [Int](repeating: 0, count: 6)
    }

    private let period: Duration
    private let stopwatch: Stopwatch
    private let counts: Mutex<Counts>

    init(period: Duration, clock: any Clock<Duration>) {
        self.period = period
        stopwatch = Stopwatch(clock)
        counts = Mutex(Counts(periodStart: .zero))
    }

    /// Counts one answer; logs and restarts the counts first when the period is over.
    /// - Returns: the period that just ended and was logged, if one did.
    @discardableResult
    func count(status: Int, logger: Logger) -> Counts? {
        let now = stopwatch.elapsed
        let finished: Counts? = counts.withLock { counts in
            var finished: Counts?
            if now - counts.periodStart >= period {
                finished = counts
                counts = Counts(periodStart: now)
            }
            counts.byClass[min(max(status / 100, 0), 5)] += 1
            return finished
        }
        guard let finished else { return nil }
        let total = finished.byClass.reduce(0, +)
        logger.info(
            "requests answered",
            metadata: [
                "http.requests": "\(total)", "http.requests.2xx": "\(finished.byClass[2])",
                "http.requests.3xx": "\(finished.byClass[3])", "http.requests.4xx": "\(finished.byClass[4])",
                "http.requests.5xx": "\(finished.byClass[5])",
                "http.period_seconds": "\((now - finished.periodStart).components.seconds)",
            ])
        return finished
    }
}
