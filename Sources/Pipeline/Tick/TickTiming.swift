/// Where a tick's time went (000's run metrics).
struct TickTiming: Sendable {
    /// Waiting for the source.
    var fetch: Duration = .zero
    /// Decoding and cutting.
    var processing: Duration = .zero
    /// The store: chunks, metadata, the "already stored" lookups.
    var upload: Duration = .zero

    /// A duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
