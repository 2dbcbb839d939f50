import HTTPTypes
import TernCore
import Testing

/// A PATCH changes only the fields it names, even while another PATCH of the same resource runs on
/// another connection (or another node): each reads and writes the stored value in one transaction,
/// so neither writes back a stale copy of the field the other changed.
@Suite struct ConcurrentPatchTests {
    static let rounds = 25

    @Test func concurrentPatchesOfDifferentSegmentFieldsBothLand() async throws {
        try await Harness().run { client in
            let created = try await client.admin(.post, "/v1/segments", #"{"name": "S", "filter": {"tag": "a"}}"#)
            let id = try #require(created["id"]?.stringValue)
            for round in 1...Self.rounds {
                async let renamed = client.admin(.patch, "/v1/segments/\(id)", #"{"name": "S\#(round)"}"#)
                async let described = client.admin(.patch, "/v1/segments/\(id)", #"{"description": "d\#(round)"}"#)
                let statuses = try await [renamed.status, described.status]
                #expect(statuses == [.ok, .ok])
                let stored = try await client.admin(.get, "/v1/segments/\(id)")
                #expect(stored["name"] == .string("S\(round)"), "round \(round)")
                #expect(stored["description"] == .string("d\(round)"), "round \(round)")
            }
        }
    }

    @Test func concurrentPatchesOfDifferentDefinitionFieldsBothLand() async throws {
        try await Harness().run { client in
            try await client.defineOrderCompleted()
            for round in 1...Self.rounds {
                async let scored = client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"score": \#(round)}"#)
                async let described = client.admin(.patch, "/v1/event-definitions/cl_order_completed", #"{"description": "d\#(round)"}"#)
                let statuses = try await [scored.status, described.status]
                #expect(statuses == [.ok, .ok])
                let stored = try await client.admin(.get, "/v1/event-definitions/cl_order_completed")
                #expect(stored["score"] == .integer(round), "round \(round)")
                #expect(stored["description"] == .string("d\(round)"), "round \(round)")
            }
        }
    }
}
