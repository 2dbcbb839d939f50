import Foundation
import Testing

/// What the `tern` commands do when their PostgreSQL database does not answer (nothing listens on
/// port 1): a command that runs once stops with a message naming the database; a server keeps
/// waiting for it, and says so. Each takes the store's lease deadline, 10 seconds.
@Suite struct UnreachableDatabaseCommandTests {
    static let unreachable = "postgres://tern@127.0.0.1:1/tern?sslmode=disable"

    @Test func aCommandStopsNamingTheDatabase() async throws {
        let (status, message) = try await TernProcess.runExpectingExit(["workspace", "create", "shop", "--postgres", Self.unreachable], within: 60)
        #expect(status != 0)
        #expect(message.contains("cannot reach PostgreSQL at \(Self.unreachable)"), "\(message)")
    }

    @Test func aServerWaitsForItsDatabaseSaysSoAndStopsWhenAsked() async throws {
        let process = Process()
        process.executableURL = try TernProcess.binary()
        process.arguments = ["serve", "--postgres", Self.unreachable, "--host", "127.0.0.1", "--port", "0", "--log-level", "warning"]
        let output = Pipe()
        let logged = Shared("")
        output.fileHandleForReading.readabilityHandler = { handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            logged.withLock { $0 += text }
        }
        process.standardError = output
        process.standardOutput = output
        try process.run()
        defer {
            if process.isRunning { TernProcess(pid: process.processIdentifier, port: 0).kill() }
            output.fileHandleForReading.readabilityHandler = nil
        }
        var deadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < deadline, !logged.withLock({ $0.contains("cannot reach PostgreSQL") }) { try await Task.sleep(for: .milliseconds(50)) }
        #expect(process.isRunning, "the server did not give up")
        #expect(logged.withLock { $0.contains("cannot reach PostgreSQL at \(Self.unreachable) yet; still trying") }, "\(logged.withLock { $0 })")

        process.terminate()  // SIGTERM, as a service manager stops it
        deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "still waiting for the database 20 s after SIGTERM")
        if !process.isRunning { #expect(process.terminationStatus == 0) }
    }
}
