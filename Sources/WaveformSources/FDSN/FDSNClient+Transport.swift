import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import SeedCore

extension FDSNClient {
    /// Non-200 bodies are error text; read at most this much of one.
    static let maximumErrorBodyBytes = 64 * 1024

    /// One HTTP exchange to make (and remake on retry).
    struct Call: Sendable {
        /// For logs: `dataselect.post`, `dataselect.get`, `station`.
        var operation: String
        var method: HTTPMethod
        var url: String
        var body: [UInt8]?
        /// Channel-windows (or channels) in the request, for logs.
        var lines: Int
    }

    /// A response, fully read.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The service's text, first 300 characters on one line.
        var excerpt: String {
            let text = String(decoding: body.prefix(4096), as: UTF8.self)
            let line = text.split(whereSeparator: \.isNewline).map { FDSNStationText.trimmed($0) }.filter { !$0.isEmpty }
                .joined(separator: " ")
            if line.isEmpty { return "(no text)" }
            return line.count > 300 ? String(line.prefix(300)) + "…" : line
        }

        /// `Retry-After` in seconds (the HTTP-date form is ignored).
        var retryAfter: Duration? {
            guard let text = headers.first(name: "retry-after"), let seconds = Int(FDSNStationText.trimmed(text)), seconds >= 0
            else { return nil }
            return .seconds(seconds)
        }
    }

    /// How one attempt ended.
    enum AttemptOutcome: Sendable {
        case response(Response)
        case failure(WaveformSourceError, retryable: Bool)
        case cancelled
    }

    /// Statuses worth retrying: throttling and server trouble.
    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Sends `call`, retrying retryable statuses, timeouts, connection failures and 200
    /// bodies cut mid-record with jittered backoff, then lets `interpret` judge the answer.
    func perform<T>(
        _ call: Call,
        logger: Logger,
        interpret: (Response) throws(WaveformSourceError) -> T
    ) async throws(WaveformSourceError) -> T {
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            let failure: WaveformSourceError
            var retryAfter: Duration?
            switch await self.attempt(call) {
            case .cancelled:
                throw WaveformSourceError(
                    code: .transient,
                    message: "the \(call.operation) request was cancelled; it was not completed"
                )
            case .failure(let error, let retryable):
                guard retryable else {
                    logger.debug("FDSN request failed", metadata: metadata(call, attempt: attempt, error: error))
                    throw error
                }
                failure = error
            case .response(let response):
                if Self.retryableStatuses.contains(response.status) {
                    failure = WaveformSourceError(
                        code: .transient,
                        message: "the service answered \(response.status) (\(response.excerpt)) "
                            + "\(attempt) time\(attempt == 1 ? "" : "s") to \(call.operation); it is busy or failing, "
                            + "try again later",
                        httpStatus: response.status
                    )
                    retryAfter = response.retryAfter
                } else if response.status == 200, let cut = MiniSEEDReader().index(response.body).incompleteRecordOffset {
                    failure = WaveformSourceError(
                        code: .truncated,
                        message: "the \(call.operation) response ended in the middle of a record (byte \(cut) of "
                            + "\(response.body.count)) \(attempt) time\(attempt == 1 ? "" : "s"); the connection or "
                            + "the service is cutting responses off, try again later",
                        httpStatus: 200
                    )
                } else {
                    logger.debug(
                        "FDSN request answered",
                        metadata: metadata(call, attempt: attempt).merging(
                            ["fdsn.status": "\(response.status)", "fdsn.bytes": "\(response.body.count)"]
                        ) { _, new in new }
                    )
                    return try interpret(response)
                }
            }
            guard attempt < configuration.maximumAttempts else {
                logger.debug("FDSN request failed", metadata: metadata(call, attempt: attempt, error: failure))
                throw failure
            }
            let delay = configuration.delay(beforeRetry: attempt, retryAfter: retryAfter, using: &generator)
            logger.warning(
                "FDSN request failed, retrying",
                metadata: metadata(call, attempt: attempt, error: failure).merging(
                    ["fdsn.retry_delay_ms": "\(FDSNConfiguration.nanoseconds(delay) / 1_000_000)"]
                ) { _, new in new }
            )
            do {
                try await stopwatch.sleep(for: delay)
            } catch {
                throw WaveformSourceError(
                    code: .transient,
                    message: "the \(call.operation) request was cancelled while waiting to retry"
                )
            }
            attempt += 1
        }
    }

    /// One attempt: a slot from the gate, then the exchange raced against the timeout
    /// (`HTTPClient`'s deadline covers only the response head).
    private func attempt(_ call: Call) async -> AttemptOutcome {
        do {
            try await gate.acquire()
        } catch {
            return .cancelled
        }
        let timeout = configuration.timeout
        let outcome: AttemptOutcome? = await withTaskGroup(of: AttemptOutcome?.self) { group -> AttemptOutcome? in
            group.addTask { await self.exchange(call) }
            group.addTask {
                do {
                    try await self.stopwatch.sleep(for: timeout)
                    return nil
                } catch {
                    return .cancelled
                }
            }
            defer { group.cancelAll() }
            guard let first = await group.next() else { return .cancelled }
            return first
        }
        await gate.release()
        guard let outcome else {
            return .failure(
                WaveformSourceError(
                    code: .transient,
                    message: "no complete answer to \(call.operation) within \(timeout) (FDSNConfiguration.timeout); "
                        + "the service or the network is slow, try again later or raise the timeout"
                ),
                retryable: true
            )
        }
        return outcome
    }

    /// Sends the request and reads the whole response.
    private func exchange(_ call: Call) async -> AttemptOutcome {
        var request = HTTPClientRequest(url: call.url)
        request.method = call.method
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        if let body = call.body {
            request.headers.add(name: "Content-Type", value: "text/plain")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let maximum = configuration.maximumResponseBytes
        let tooLarge = WaveformSourceError(
            code: .rejected,
            message: "the \(call.operation) response is larger than \(maximum) bytes "
                + "(FDSNConfiguration.maximumResponseBytes); request fewer channels or shorter windows, or raise the cap",
            httpStatus: 200
        )
        do {
            let response = try await httpClient.execute(
                request,
                timeout: .nanoseconds(FDSNConfiguration.nanoseconds(configuration.timeout)),
                logger: nil
            )
            let status = Int(response.status.code)
            let success = status == 200
            if success, let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maximum {
                return .failure(tooLarge, retryable: false)
            }
            do {
                let buffer = try await response.body.collect(upTo: success ? maximum : Self.maximumErrorBodyBytes)
                return .response(Response(status: status, headers: response.headers, body: Array(buffer.readableBytesView)))
            } catch is NIOTooManyBytesError {
                guard success else { return .response(Response(status: status, headers: response.headers, body: [])) }
                return .failure(tooLarge, retryable: false)
            }
        } catch {
            if Task.isCancelled { return .cancelled }
            return .failure(
                WaveformSourceError(
                    code: .transient,
                    message: "could not complete \(call.operation) with \(configuration.baseURL) (\(error)); "
                        + "the service or the network is unreachable, try again later"
                ),
                retryable: true
            )
        }
    }

    private func metadata(_ call: Call, attempt: Int, error: WaveformSourceError? = nil) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "fdsn.operation": "\(call.operation)",
            "fdsn.attempt": "\(attempt)",
            "fdsn.lines": "\(call.lines)",
        ]
        if let error {
            metadata["fdsn.error"] = "\(error.code)"
            metadata["fdsn.status"] = "\(error.httpStatus.map(String.init) ?? "none")"
        }
        return metadata
    }
}
