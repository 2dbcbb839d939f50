import Foundation
import Testing

/// `tern serve` refuses settings it cannot run with before it opens a store.
@Suite struct ServeOptionsTests {
    @Test func aDecodeConcurrencyBelowOneIsRefusedNamingTheOption() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-serve-options-\(UUID().uuidString)").path
        // A server that accepted the setting would run on: it is stopped rather than waited for.
        let (status, message) = try await TernProcess.runExpectingExit(
            ["serve", "--data-dir", directory, "--decode-concurrency", "0"], within: 30)
        #expect(status != 0)
        #expect(message.contains("--decode-concurrency must be at least 1"))
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before creating the store")
    }
}
