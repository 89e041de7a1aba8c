import Pipeline

/// The SeedLink server `/live` follows: `seedlink:HOST:PORT` (`--live`, `LIVE_SOURCE`); an
/// IPv6 address is written in brackets, `seedlink:[::1]:18000`.
struct LiveSource: Sendable, Hashable, CustomStringConvertible {
    /// The server's host name or address.
    var host: String
    /// Its TCP port.
    var port: Int

    /// `seedlink:HOST:PORT`.
    var description: String { "seedlink:\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Parses `seedlink:HOST:PORT`.
    /// - Throws: ``FieldError`` naming `field` and the accepted form.
    static func parse(_ text: String, field: String) throws(FieldError) -> LiveSource {
        let refusal = FieldError(
            field: field, message: "\"\(text)\" is not seedlink:HOST:PORT (e.g. seedlink:rtserve.iris.washington.edu:18000)")
        guard text.hasPrefix("seedlink:"), let colon = text.lastIndex(of: ":"), colon > text.index(text.startIndex, offsetBy: 8)
        else { throw refusal }
        var host = String(text[text.index(text.startIndex, offsetBy: 9)..<colon])
        if host.hasPrefix("["), host.hasSuffix("]"), host.count > 2 { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port), !host.isEmpty,
            !host.contains(where: { $0 == "/" || $0 == "[" || $0 == "]" || $0.isWhitespace })
        else { throw refusal }
        return LiveSource(host: host, port: port)
    }
}
