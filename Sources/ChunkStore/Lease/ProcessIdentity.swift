import Foundation

/// Which process holds a ``StoreLease``: host, boot, process id and the process's start
/// time, so a process can tell that a lease left by an earlier process on its own host is
/// stale (that process ended: a crash, a restart) and take it over at once instead of
/// waiting for it to expire.
///
/// Only a process on the same host can tell; for a holder elsewhere ``hasEnded()`` is
/// `false` and the lease's expiry decides, as before. On Linux the facts come from `/proc`
/// (`/proc/sys/kernel/random/boot_id`, `/proc/<pid>/stat`'s start time in clock ticks
/// since boot); where they cannot be read nothing is ever judged ended.
public struct ProcessIdentity: Sendable, Hashable, Codable {
    /// The host name.
    public var host: String
    /// The kernel's boot id: a new one means the host restarted.
    public var bootID: String?
    /// The process id.
    public var pid: Int32
    /// The process's start time (clock ticks after boot): tells a reused pid apart.
    public var startTicks: UInt64?

    enum CodingKeys: String, CodingKey {
        case host, pid
        case bootID = "boot_id"
        case startTicks = "start_ticks"
    }

    /// Creates an identity.
    public init(host: String, bootID: String?, pid: Int32, startTicks: UInt64?) {
        self.host = host
        self.bootID = bootID
        self.pid = pid
        self.startTicks = startTicks
    }

    /// This process.
    public static let current: ProcessIdentity = {
        let pid = ProcessInfo.processInfo.processIdentifier
        return ProcessIdentity(
            host: ProcessInfo.processInfo.hostName, bootID: readBootID(), pid: pid, startTicks: startTicks(of: pid))
    }()

    /// Whether this names a process of this host that no longer runs (so its leases are stale).
    /// `false` when that cannot be told: another host, or no `/proc`.
    public func hasEnded() -> Bool {
        let me = Self.current
        guard host == me.host, me.startTicks != nil else { return false }
        if let bootID, let mine = me.bootID, bootID != mine { return true }
        if pid == me.pid, startTicks == me.startTicks { return false }
        guard let running = Self.startTicks(of: pid) else { return true }
        guard let startTicks else { return false }
        return running != startTicks
    }

    /// The 22nd field of `/proc/<pid>/stat` (after the command name, which may hold spaces
    /// and parentheses: fields are counted after its last `)`), or `nil`.
    static func startTicks(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): field 22 is fields[19].
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    private static func readBootID() -> String? {
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
