import SeedCore

extension WaveformRequest {
    /// The requests with each channel's touching or overlapping windows joined into one
    /// (channels in first-seen order, windows by start), so a bulk request asks for every
    /// record once.
    package static func coalesced(_ requests: [WaveformRequest]) -> [WaveformRequest] {
        var order: [SourceID] = []
        var byChannel: [SourceID: [TimeWindow]] = [:]
        for request in requests {
            if byChannel[request.channel] == nil { order.append(request.channel) }
            byChannel[request.channel, default: []].append(request.window)
        }
        var joined: [WaveformRequest] = []
        for channel in order {
            let windows = (byChannel[channel] ?? []).sorted { $0.start < $1.start }
            var current: TimeWindow?
            for window in windows {
                if var open = current, window.start <= open.end {
                    if window.end > open.end { open.end = window.end }
                    current = open
                } else {
                    if let open = current { joined.append(WaveformRequest(channel: channel, window: open)) }
                    current = window
                }
            }
            if let open = current { joined.append(WaveformRequest(channel: channel, window: open)) }
        }
        return joined
    }
}
