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
