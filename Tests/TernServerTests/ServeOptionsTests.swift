import Foundation
import Testing

/// `tern serve` refuses settings it cannot run with before it opens a store.
@Suite struct ServeOptionsTests {
    @Test func aDecodeConcurrencyBelowOneIsRefusedNamingTheOption() throws {
        let process = Process()
        process.executableURL = try TernProcess.binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-serve-options-\(UUID().uuidString)").path
        process.arguments = ["serve", "--data-dir", directory, "--decode-concurrency", "0"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // A server that accepted the setting would run on: stop it rather than wait for ever.
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("tern serve started with --decode-concurrency 0")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus != 0)
        #expect(message.contains("--decode-concurrency must be at least 1"))
        #expect(!FileManager.default.fileExists(atPath: directory), "refused before creating the store")
    }
}
