import HTTPTypes

/// The header names the API sets or reads that HTTPTypes does not name, declared once.
extension HTTPField.Name {
    /// `X-Cache`: `hit` when `/data` answered from stored chunks, `miss` when it generates.
    static let xCache = named("X-Cache")
    /// `X-Chunks-Count`: the number of chunks in a `/data` manifest.
    static let xChunksCount = named("X-Chunks-Count")
    /// `X-Chunks-Manifest`: a small manifest's chunk URLs, also in the header.
    static let xChunksManifest = named("X-Chunks-Manifest")
    /// `X-Data-Start`: the start of the range a `/data` answer covers.
    static let xDataStart = named("X-Data-Start")
    /// `X-Data-End`: the end of the range a `/data` answer covers.
    static let xDataEnd = named("X-Data-End")
    /// `X-Channel`: the channel code of a `/data` answer.
    static let xChannel = named("X-Channel")
    /// `X-Format`: the sample format of the chunks (`int32`).
    static let xFormat = named("X-Format")
    /// `X-Sample-Rate`: the channel's sample rate, as in chunk keys.
    static let xSampleRate = named("X-Sample-Rate")
    /// `X-Request-Id`: the request's id, also in its log lines.
    static let xRequestID = named("X-Request-Id")
    /// `X-Forwarded-For` (proxies append the address they received the request from).
    static let xForwardedFor = named("X-Forwarded-For")
    /// `Referrer-Policy`.
    static let referrerPolicy = named("Referrer-Policy")
    /// `X-Accel-Buffering: no` asks buffering proxies (nginx) to pass a stream's lines on at once.
    static let xAccelBuffering = named("X-Accel-Buffering")

    /// Every name declared here (checked by the tests to be valid tokens).
    static let seiscacheNames: [HTTPField.Name] = [
        xCache, xChunksCount, xChunksManifest, xDataStart, xDataEnd, xChannel, xFormat, xSampleRate, xRequestID,
        xForwardedFor, referrerPolicy, xAccelBuffering,
    ]

    /// The name spelled by a literal that is a valid field name (a token): every literal above is.
    private static func named(_ literal: StaticString) -> HTTPField.Name {
        guard let name = HTTPField.Name("\(literal)") else {
            preconditionFailure("\(literal) is not a valid HTTP field name")
        }
        return name
    }
}
