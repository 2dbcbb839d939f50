import Foundation
import Synchronization
import Testing
@testable import TernServer

@Suite struct DecodeGateTests {
    final class Inside: Sendable {
        let counts = Mutex((now: 0, most: 0))
    }

    /// Twelve requests decoding at once through a gate of width 1: never two inside. (A wider gate
    /// is not tested this way: with as many threads as cores, two cores could never show more.)
    @Test func noMoreThanTheWidthDecodeAtOnce() async throws {
        let width = 1
        let gate = DecodeGate(width: width)
        let inside = Inside()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    await gate.run {
                        inside.counts.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                        usleep(2_000)  // CPU work, holding its thread as parsing does
                        inside.counts.withLock { $0.now -= 1 }
                    }
                }
            }
        }
        #expect(inside.counts.withLock { $0.most } <= width)
        #expect(inside.counts.withLock { $0.now } == 0)
    }

    @Test(.timeLimit(.minutes(1))) func workThatThrowsLeavesTheGate() async throws {
        struct Malformed: Error {}
        let gate = DecodeGate(width: 1)
        await #expect(throws: Malformed.self) { try await gate.run { throw Malformed() } }
        let after = await gate.run { 42 }
        #expect(after == 42)
    }
}
