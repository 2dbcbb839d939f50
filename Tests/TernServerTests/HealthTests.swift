import Hummingbird
import HummingbirdTesting
import TernCore
import TernServer
import TernStore
import TernTestSupport
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

    /// The route answers at its own deadline (2 s), before the store's lease deadline (10 s), whose
    /// answer would be a different problem.
    @Test(.timeLimit(.minutes(1)))
    func aNodeCutOffFromItsDatabaseAnswers503() async throws {
        try await PostgresTestDatabase.withUnreachableStore { store in
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
}
