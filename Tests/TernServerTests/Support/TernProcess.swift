import Foundation
import Synchronization
import TernCore
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif

final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout sending Value) -> sending R) -> sending R { mutex.withLock(body) }
}

/// A `tern` child process on a loopback port.
struct TernProcess: Sendable {
    let pid: Int32
    let port: Int

    static func binary() throws -> URL {
        if let path = ProcessInfo.processInfo.environment["TERN_BINARY"] { return URL(fileURLWithPath: path) }
        // The test bundle sits next to the products of the same build.
        let candidate = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tern")
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            throw TernProcessError("no tern binary at \(candidate.path); run `swift build` first or set TERN_BINARY")
        }
        return candidate
    }

    static func runToEnd(_ binary: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TernProcessError("tern \(arguments) exited \(process.terminationStatus)") }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `tern` with `arguments`, expecting it to exit on its own within `limit` seconds (if it
    /// does not, it is stopped and the test fails); its exit status and what it wrote to stderr.
    static func runExpectingExit(
        _ arguments: [String], within limit: TimeInterval, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("tern \(arguments.joined(separator: " ")) was still running after \(Int(limit)) s", sourceLocation: sourceLocation)
        }
        return (process.terminationStatus, String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }

    static func serve(_ binary: URL, directory: String) async throws -> TernProcess {
        try await serve(binary, store: ["--data-dir", directory])
    }

    static func serve(_ binary: URL, postgres url: String, options: [String] = []) async throws -> TernProcess {
        try await serve(binary, store: ["--postgres", url], options: options)
    }

    /// `tern serve` with the store's arguments on a free loopback port, once it answers.
    private static func serve(_ binary: URL, store: [String], options: [String] = []) async throws -> TernProcess {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["serve"] + store + ["--host", "127.0.0.1", "--port", String(port), "--log-level", "error"] + options
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = TernProcess(pid: process.processIdentifier, port: port)
            // Up to 10 s: a first start on PostgreSQL migrates the schema.
            for _ in 0..<200 {
                if (try? await server.request("GET", "/openapi.json", key: nil, body: nil))?.status == 200 { return server }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            server.kill()
        }
        throw TernProcessError("tern serve \(store.first ?? "") did not start")
    }

    /// Freezes the process (SIGSTOP) as it is, holding whatever it holds.
    func stop() {
        _ = Glibc.kill(pid, SIGSTOP)
    }

    func kill() {
        _ = Glibc.kill(pid, SIGKILL)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    func request(_ method: String, _ path: String, key: String?, body: String?) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 10
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// Every stored `cl_tick` event's messageId, by paging through `GET /v1/events`.
    func allMessageIds(admin: String) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        while true {
            let page = try await request("GET", "/v1/events?event=cl_tick&limit=1000" + (cursor.map { "&cursor=\($0)" } ?? ""), key: admin, body: nil)
            let json = try JSONParser.parse(page.body)
            ids += json["items"]?.arrayValue?.compactMap { $0["messageId"]?.stringValue } ?? []
            guard json["hasMore"] == .bool(true) else { return ids }
            cursor = json["nextCursor"]?.stringValue
        }
    }
}

struct TernProcessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
