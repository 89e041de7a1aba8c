import Foundation
import Synchronization
import TestSupport

/// A new temporary folder.
enum TestFolder {
    static func make(_ name: String = #function) throws -> URL { try TestSupport.temporaryFolder(name) }
}

/// A value set from a closure the test does not otherwise reach (a store built inside the harness).
final class LockedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) { storage = Mutex(value) }

    var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    /// Changes the value under the lock.
    func update(_ change: (inout Value) -> Void) { storage.withLock { change(&$0) } }
}
