import Synchronization

/// Lets at most `width` requests parse and validate their events at once; the others wait their
/// turn, in order. A burst of batch requests (every client answered by one commit sends its next
/// batch at once) would otherwise take every core, and the writer and the database's backend,
/// whose statements the next commit waits on, would wait for one. By default (`tern serve
/// --decode-concurrency`) the width leaves one core free: one core parses and validates more events
/// than a workspace's writer records (1.7 µs per event in `tern-decode-bench`: about 590,000 events
/// a second, against the writer's 80,000 to 90,000 on PostgreSQL). Only CPU work runs inside:
/// bodies are read from the network before.
final class DecodeGate: Sendable {
    private struct State {
        var free: Int
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(width: Int) {
        precondition(width > 0)
        state = Mutex(State(free: width))
    }

    /// Runs `work` once fewer than `width` others are running.
    func run<Result>(_ work: () throws -> Result) async rethrows -> Result {
        await enter()
        defer { leave() }
        return try work()
    }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let entered = state.withLock { state in
                guard state.free > 0 else {
                    state.waiting.append(continuation)
                    return false
                }
                state.free -= 1
                return true
            }
            if entered { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard !state.waiting.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}
