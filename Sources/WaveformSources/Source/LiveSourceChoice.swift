/// Where a live feed comes from: `seedlink:HOST:PORT` (`seiscron live --source`,
/// `seisapi serve --live`); `seedlink:HOST` means port 18000, SeedLink's usual one.
package struct LiveSourceChoice: Sendable, Hashable, CustomStringConvertible {
    /// EarthScope's real-time SeedLink server (the default of `seiscron live`).
    package static let earthScope = LiveSourceChoice(host: "rtserve.earthscope.org", port: 18000)

    /// The server's host name or address.
    package var host: String
    /// Its TCP port.
    package var port: Int

    /// A server at `host:port`.
    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Parses `seedlink:HOST:PORT` or `seedlink:HOST` (an IPv6 address in brackets:
    /// `seedlink:[::1]:18000`).
    package init?(argument: String) {
        guard argument.hasPrefix("seedlink:") else { return nil }
        var rest = Substring(argument.dropFirst("seedlink:".count))
        var host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            host = rest.prefix { $0 != ":" }
            rest = rest.dropFirst(host.count)
        }
        var port = 18000
        if !rest.isEmpty {
            guard rest.hasPrefix(":"), let number = Int(rest.dropFirst()), (1...65535).contains(number) else { return nil }
            port = number
        }
        guard !host.isEmpty else { return nil }
        self.init(host: String(host), port: port)
    }

    /// `seedlink:HOST:PORT`.
    package var description: String { host.contains(":") ? "seedlink:[\(host)]:\(port)" : "seedlink:\(host):\(port)" }

    /// The source it names, with the client's default timeouts.
    package var source: SeedLinkSource { SeedLinkSource(configuration: SeedLinkClient.Configuration(host: host, port: port)) }
}
