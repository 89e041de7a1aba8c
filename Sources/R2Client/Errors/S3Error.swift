/// An error from an S3 operation: the store's answer (status, S3 error code, request ID) mapped to
/// a ``Code`` that says what the caller can do, plus a message that says how to fix it.
///
/// Switch on ``code`` (with a `default`, codes may be added) or use ``isTransient``; the raw S3 code
/// (`NoSuchKey`, `SlowDown`, ...) is in ``s3Code``. Messages never contain credentials.
public struct S3Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Value: String, Hashable, Sendable {
            case notFound
            case noSuchBucket
            case preconditionFailed
            case notModified
            case accessDenied
            case signatureMismatch
            case clockSkewed
            case conflict
            case throttled
            case serverError
            case timeout
            case connectionFailed
            case responseTooLarge
            case invalidRange
            case bucketAlreadyExists
            case invalidResponse
            case invalidRequest
            case requestRejected
        }
        private let value: Value
        private init(_ value: Value) { self.value = value }

        /// The object does not exist (HTTP 404, `NoSuchKey`).
        public static let notFound = Code(.notFound)
        /// The bucket does not exist (`NoSuchBucket`): create it or fix the bucket name.
        public static let noSuchBucket = Code(.noSuchBucket)
        /// A conditional write or read lost (HTTP 412): `If-None-Match: *` found an existing object
        /// or `If-Match` a different ETag. Someone else won; re-read and decide. Never retried.
        public static let preconditionFailed = Code(.preconditionFailed)
        /// `If-None-Match` matched (HTTP 304): the caller's copy is current.
        public static let notModified = Code(.notModified)
        /// The credentials are not allowed to do this (`AccessDenied`, `InvalidAccessKeyId`, other 403s).
        public static let accessDenied = Code(.accessDenied)
        /// The store computed another signature (`SignatureDoesNotMatch`): usually a wrong secret.
        public static let signatureMismatch = Code(.signatureMismatch)
        /// The local clock is too far from the store's (`RequestTimeTooSkewed`); the message says by how much.
        public static let clockSkewed = Code(.clockSkewed)
        /// A transient conflict (HTTP 409 other than bucket ownership, e.g. R2's concurrent
        /// conditional writes). Retried; transient.
        public static let conflict = Code(.conflict)
        /// The store asks to slow down (`SlowDown`, HTTP 429). Retried; transient.
        public static let throttled = Code(.throttled)
        /// The store failed (HTTP 500, 502, 503, 504, `InternalError`). Retried; transient.
        public static let serverError = Code(.serverError)
        /// The request timed out (no answer within the configured timeout, or S3's `RequestTimeout`). Retried; transient.
        public static let timeout = Code(.timeout)
        /// The connection failed or was reset. Retried; transient.
        public static let connectionFailed = Code(.connectionFailed)
        /// The object is larger than the `maximumBytes` the caller allowed.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The requested byte range is outside the object (HTTP 416) or malformed.
        public static let invalidRange = Code(.invalidRange)
        /// `createBucket()`: the bucket already exists (`BucketAlreadyOwnedByYou` or `BucketAlreadyExists`).
        public static let bucketAlreadyExists = Code(.bucketAlreadyExists)
        /// The store answered something this client cannot read (unexpected status, malformed XML).
        public static let invalidResponse = Code(.invalidResponse)
        /// The call's arguments are invalid (empty key, presign expiry over 7 days, ...); nothing was sent.
        public static let invalidRequest = Code(.invalidRequest)
        /// The store rejected the request with another 4xx (the ``S3Error/s3Code`` says which).
        public static let requestRejected = Code(.requestRejected)

        /// The code's name, e.g. `preconditionFailed`.
        public var description: String { value.rawValue }

        /// Whether a failure with this code may succeed when retried unchanged.
        public var isTransient: Bool {
            switch value {
            case .conflict, .throttled, .serverError, .timeout, .connectionFailed: true
            default: false
            }
        }
    }

    /// What kind of failure this is.
    public var code: Code
    /// The S3 error code from the response XML (`NoSuchKey`, `SlowDown`, ...), if there was one.
    public var s3Code: String?
    /// What happened and what to do about it.
    public var message: String
    /// The HTTP status, or `nil` when no response arrived.
    public var httpStatus: Int?
    /// The store's request ID (`x-amz-request-id` or `<RequestId>`), for its support.
    public var requestID: String?
    /// The object key concerned, if any.
    public var key: String?
    /// How many attempts were made (more than 1 when transient failures were retried).
    public var attempts: Int

    /// Creates an error.
    public init(
        code: Code,
        s3Code: String? = nil,
        message: String,
        httpStatus: Int? = nil,
        requestID: String? = nil,
        key: String? = nil,
        attempts: Int = 1
    ) {
        self.code = code
        self.s3Code = s3Code
        self.message = message
        self.httpStatus = httpStatus
        self.requestID = requestID
        self.key = key
        self.attempts = attempts
    }

    /// Whether retrying the same request may succeed (the client already retried it
    /// ``attempts`` times under its ``S3RetryPolicy``).
    public var isTransient: Bool { code.isTransient }

    public var description: String {
        var context: [String] = []
        if let httpStatus { context.append("HTTP \(httpStatus)") }
        if let s3Code { context.append(s3Code) }
        if let key { context.append("key \"\(key)\"") }
        if let requestID { context.append("request ID \(requestID)") }
        if attempts > 1 { context.append("after \(attempts) attempts") }
        let prefix = context.isEmpty ? "\(code)" : "\(code) (\(context.joined(separator: ", ")))"
        return "\(prefix): \(message)"
    }
}
