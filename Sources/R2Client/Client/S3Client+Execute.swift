import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

extension S3Client {
    /// Error bodies are small XML documents; read at most this much of one.
    static let maximumErrorBodyBytes = 64 * 1024

    /// Sends a request, retrying transient failures under the retry policy.
    ///
    /// - Parameter maximumBodyBytes: The cap on a successful response's body.
    /// - Returns: A 2xx response, fully read.
    /// - Throws: ``S3Error`` (the last one when retries ran out), or `CancellationError`.
    func execute(_ request: S3Request, maximumBodyBytes: Int = 16 * 1024 * 1024) async throws -> S3Response {
        let policy = configuration.retryPolicy
        // Hash once: the payload is the same on every attempt (SigV4 signs its SHA-256, R2 wants it
        // in x-amz-content-sha256 rather than x-amz-checksum-* or aws-chunked).
        let payloadHash = SigV4Signer.sha256Hex(request.body ?? [])
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            try Task.checkCancellation()
            var failure: S3Error
            do {
                let response = try await attemptWithTimeout(request, payloadHash: payloadHash, maximumBodyBytes: maximumBodyBytes)
                if (200..<300).contains(response.status) {
                    logger.debug(
                        "S3 request succeeded",
                        metadata: metadata(request, attempt: attempt, extra: ["s3.status": "\(response.status)"])
                    )
                    return response
                }
                failure = S3Error.fromResponse(response, key: request.key, localNow: now())
            } catch let error as S3Error {
                failure = error
            } catch {
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                failure = S3Error.fromTransport(error, key: request.key)
            }
            failure.attempts = attempt
            if !failure.isTransient || attempt >= policy.maximumAttempts {
                logger.debug(
                    "S3 request failed",
                    metadata: metadata(
                        request,
                        attempt: attempt,
                        extra: [
                            "s3.error": "\(failure.code)", "s3.status": "\(failure.httpStatus.map(String.init) ?? "none")",
                        ]
                    )
                )
                throw failure
            }
            let delay = policy.delay(beforeRetry: attempt, using: &generator)
            logger.info(
                "S3 request failed transiently, retrying",
                metadata: metadata(
                    request,
                    attempt: attempt,
                    extra: [
                        "s3.error": "\(failure.code)",
                        "s3.status": "\(failure.httpStatus.map(String.init) ?? "none")",
                        "s3.retry_delay_ms": "\(delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000)",
                    ]
                )
            )
            try await clock.sleep(for: delay)
            attempt += 1
        }
    }

    /// One attempt bounded by the request timeout. `HTTPClient`'s deadline only covers the
    /// response head, so the whole attempt (head and body) races a timer here.
    private func attemptWithTimeout(_ request: S3Request, payloadHash: String, maximumBodyBytes: Int) async throws -> S3Response {
        let timeout = configuration.timeouts.request
        let outcome = try await withThrowingTaskGroup(of: S3Response?.self) { group in
            group.addTask {
                try await self.attempt(request, payloadHash: payloadHash, maximumBodyBytes: maximumBodyBytes, timeout: timeout)
            }
            group.addTask {
                try await self.clock.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return S3Response?.none }
            return first
        }
        guard let outcome else {
            throw S3Error(
                code: .timeout,
                message: "no complete answer within \(timeout) (S3Timeouts.request); the store or the network is slow, "
                    + "or raise the timeout for large objects",
                key: request.key
            )
        }
        return outcome
    }

    /// Addresses, signs, sends and reads one attempt.
    private func attempt(_ request: S3Request, payloadHash: String, maximumBodyBytes: Int, timeout: Duration) async throws -> S3Response {
        let target = target(key: request.key, query: request.query)
        let signable = SignableRequest(
            method: request.method.rawValue,
            encodedPath: target.encodedPath,
            query: request.query,
            headers: [(name: "host", value: target.host)] + request.headers,
            payloadSHA256: payloadHash
        )
        // Signed per attempt: a retry after a long backoff gets a fresh x-amz-date.
        let signedHeaders = signer.sign(signable, at: now())
        var httpRequest = HTTPClientRequest(url: target.url)
        httpRequest.method = request.method
        for header in signedHeaders {
            httpRequest.headers.add(name: header.name, value: header.value)
        }
        // Not signed (a proxy may rewrite it).
        httpRequest.headers.add(name: "user-agent", value: "seiscache-R2Client/1")
        if let body = request.body {
            // A whole-buffer body: AHC sends Content-Length (S3 rejects PUTs without one) and
            // never aws-chunked encoding.
            httpRequest.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await httpClient.execute(httpRequest, timeout: Self.timeAmount(timeout), logger: nil)
        let status = Int(response.status.code)
        let success = (200..<300).contains(status)
        // HEAD's Content-Length is the object's size, not a body that will arrive.
        let hasBody = request.method != .HEAD
        if hasBody, success, let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maximumBodyBytes {
            throw S3Error.responseTooLarge(length: length, maximum: maximumBodyBytes, key: request.key)
        }
        let limit = success ? maximumBodyBytes : Self.maximumErrorBodyBytes
        do {
            // Always read the body (empty for HEAD) so the connection goes back to the pool.
            let buffer = try await response.body.collect(upTo: hasBody ? limit : Self.maximumErrorBodyBytes)
            return S3Response(status: status, headers: response.headers, body: Array(buffer.readableBytesView))
        } catch is NIOTooManyBytesError {
            guard success else { return S3Response(status: status, headers: response.headers, body: []) }
            throw S3Error.responseTooLarge(length: nil, maximum: maximumBodyBytes, key: request.key)
        }
    }

    private func metadata(_ request: S3Request, attempt: Int, extra: Logger.Metadata) -> Logger.Metadata {
        var metadata: Logger.Metadata = [
            "s3.operation": "\(request.operation)",
            "s3.bucket": "\(configuration.bucket)",
            "s3.attempt": "\(attempt)",
        ]
        if let key = request.key { metadata["s3.key"] = "\(key)" }
        return metadata.merging(extra) { _, new in new }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
