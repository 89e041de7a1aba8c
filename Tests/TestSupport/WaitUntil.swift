/// Waits until `condition` holds: the moment a test may move a ``ManualClock``. `patience`
/// only keeps a broken test from hanging (real time, generous); nothing is asserted about speed.
/// - Throws: ``ConditionNotMet`` when `patience` passes first.
public func waitUntil(
    _ what: String, patience: Duration = .seconds(120), _ condition: () async -> Bool
) async throws {
    let giveUp = ContinuousClock.now + patience
    while !(await condition()) {
        guard ContinuousClock.now < giveUp else { throw ConditionNotMet(description: what) }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// ``waitUntil(_:patience:_:)`` gave up.
public struct ConditionNotMet: Error, CustomStringConvertible {
    /// What was waited for.
    public var description: String
}
