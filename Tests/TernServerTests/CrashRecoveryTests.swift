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

/// Durable means durable: the real `tern` binary is killed with SIGKILL while clients send
/// events; after a restart every acknowledged event is there, once.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test func killingTheServerLosesNoAcknowledgedEvent() async throws {
        let binary = try TernProcess.binary()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-crash-\(UUID().uuidString)").path
        let created = try TernProcess.runToEnd(binary, ["workspace", "create", "crash", "--data-dir", directory, "--json"])
        let keys = try #require(try JSONParser.parse(created).objectValue)
        let admin = try #require(keys["adminKey"]?.stringValue), write = try #require(keys["writeKey"]?.stringValue)

        var server = try await TernProcess.serve(binary, directory: directory)
        let definition = try await server.request("POST", "/v1/event-definitions", key: admin, body: #"{"id": "cl_tick", "name": "Tick", "direction": "inbound"}"#)
        #expect(definition.status == 201)

        let load = Load()
        let (acknowledged, attempted, running) = (load.acknowledged, load.attempted, load.running)
        let target = server
        await withTaskGroup(of: Void.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var n = 0
                    while running.withLock({ $0 }) {
                        let ids = (0..<20).map { "c\(client)-b\(n)-e\($0)" }
                        n += 1
                        attempted.withLock { $0.append(ids) }
                        let events = ids.map { #"{"event": "cl_tick", "externalId": "u\#($0.hashValue % 50)", "messageId": "\#($0)"}"# }
                        let reply = try? await target.request("POST", "/v1/events/batch", key: write, body: "{\"events\": [\(events.joined(separator: ","))]}")
                        if reply?.status == 200 { acknowledged.withLock { $0.formUnion(ids) } } else if reply == nil { return }
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(800))
                target.kill()
                running.withLock { $0 = false }
            }
        }
        let acked = acknowledged.withLock { $0 }
        #expect(acked.count >= 20, "the load ran before the kill")

        server = try await TernProcess.serve(binary, directory: directory)
        defer { server.kill() }
        var stored = try await server.allMessageIds(admin: admin)
        #expect(acked.isSubset(of: Set(stored)), "lost \(acked.subtracting(stored).count) acknowledged events")
        #expect(stored.count == Set(stored).count, "an event was stored twice")

        // Clients retry what was not acknowledged: messageIds make the retry safe.
        for ids in attempted.withLock({ $0 }) {
            let events = ids.map { #"{"event": "cl_tick", "externalId": "retry", "messageId": "\#($0)"}"# }
            let reply = try await server.request("POST", "/v1/events/batch", key: write, body: "{\"events\": [\(events.joined(separator: ","))]}")
            #expect(reply.status == 200)
        }
        stored = try await server.allMessageIds(admin: admin)
        let everything = Set(attempted.withLock { $0 }.flatMap { $0 })
        #expect(Set(stored) == everything)
        #expect(stored.count == everything.count)
    }
}

/// What the clients did before the kill, shared between their tasks.
final class Load: Sendable {
    let acknowledged = Shared<Set<String>>([])
    let attempted = Shared<[[String]]>([])
    let running = Shared(true)
}

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

    static func serve(_ binary: URL, directory: String) async throws -> TernProcess {
        for _ in 0..<5 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = binary
            process.arguments = ["serve", "--data-dir", directory, "--host", "127.0.0.1", "--port", String(port), "--log-level", "error"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let server = TernProcess(pid: process.processIdentifier, port: port)
            for _ in 0..<100 {
                if (try? await server.request("GET", "/openapi.json", key: nil, body: nil))?.status == 200 { return server }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            server.kill()
        }
        throw TernProcessError("tern serve did not start")
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
