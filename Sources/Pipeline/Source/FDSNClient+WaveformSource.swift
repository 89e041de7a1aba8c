public import FDSN
public import Logging

/// The FDSN client as the tick's waveform source: dataselect's bulk `POST` per fetch, the
/// station service for station facts (``FDSNClient/stationFacts(for:logger:)``).
extension FDSNClient: WaveformSource {
    /// One bulk `POST` of all channel-windows (``FDSNClient/dataselect(_:logger:)``).
    /// - Throws: ``WaveformSourceError`` with the ``FDSNError``'s code, message and status.
    public func fetch(_ requests: [WaveformRequest], logger: Logger) async throws(WaveformSourceError) -> [UInt8] {
        do {
            return try await dataselect(requests, logger: logger)
        } catch {
            throw WaveformSourceError(error)
        }
    }
}

extension WaveformSourceError {
    /// The source error of an FDSN failure (same code, message and HTTP status).
    public init(_ error: FDSNError) {
        let code: Code =
            switch error.code {
            case .transient: .transient
            case .truncated: .truncated
            default: .rejected
            }
        self.init(code: code, message: error.message, httpStatus: error.httpStatus)
    }
}
