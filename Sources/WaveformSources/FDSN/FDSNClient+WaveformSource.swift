
/// The FDSN client is the tick's default waveform source: one bulk `POST` per fetch
/// (``FDSNClient/fetch(_:logger:)``), the station service for station facts
/// (``FDSNClient/stationFacts(for:logger:)``).
extension FDSNClient: WaveformSource {}
