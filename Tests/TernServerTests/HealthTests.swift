import Hummingbird
import HummingbirdTesting
import PostgresNIO
import TernCore
import TernServer
import TernStore
import Testing

/// `GET /health`: what a load balancer asks each node.
@Suite struct HealthTests {
    @Test func aNodeWhoseStoreAnswersIsHealthyAndNeedsNoKey() async throws {
        try await Harness().run { client in
            let reply = try await client.send(.get, "/health", key: nil)
            #expect(reply.status == .ok)
            #expect(reply.contentType == "application/json")
            #expect(reply.json == .object(["status": .string("ok")]))
        }
    }

    /// Without the route's own deadline the request would wait as long as the database is away:
    /// the time limit turns that into a failure instead of a hung run.
    @Test(.timeLimit(.minutes(1)))
    func aNodeCutOffFromItsDatabaseAnswers503() async throws {
        // Nothing listens on port 1: every connection is refused, and the pool keeps retrying.
        let store = PostgresStore(try PostgresStore.Configuration(url: "postgres://tern@127.0.0.1:1/tern?sslmode=disable"))
        let pool = Task { await store.client.run() }
        defer { pool.cancel() }
        try await Application(router: TernRouter(store: store).router).test(.router) { client in
            let response = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problem = try JSONParser.parse(String(buffer: response.body))
            #expect(problem["status"] == .integer(503))
            #expect(problem["detail"] == .string("The store did not answer within 2 seconds."))
        }
    }
}
