/// What went wrong on a SeedLink connection. Each is followed by a reconnect, except
/// ``handshakeRefused(_:)`` for a command the server refuses every time.
public enum SeedLinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes after the handshake are neither packets nor lines.
    case malformedStream(String)
    /// The server closed the connection.
    case closed
    /// Nothing arrived for the read timeout.
    case readTimeout(Duration)
    /// The server answered a handshake command with something other than `OK`.
    case handshakeRefused(String)

    public var description: String {
        switch self {
        case .malformedStream(let detail): "malformed SeedLink stream: \(detail)"
        case .closed: "the server closed the connection"
        case .readTimeout(let timeout): "nothing received for \(timeout) (read timeout)"
        case .handshakeRefused(let detail): "the server refused \(detail)"
        }
    }
}
