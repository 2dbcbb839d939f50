import Hummingbird
import HummingbirdTesting
import TernCore
import TernServer
import TernStore
import TernTestSupport
import Testing

/// A node that cannot reach its database answers 503 with Retry-After, as a problem, once its
/// store's lease deadline has passed: clients and SDKs retry, and nothing was acknowledged.
@Suite struct DatabaseUnavailableTests {
    /// Without the store's deadline these requests would wait as long as the database is away.
    @Test func requestsToANodeCutOffFromItsDatabaseAre503() async throws {
        try await PostgresTestDatabase.withUnreachableStore(leaseTimeout: .milliseconds(300)) { store in
            try await within(.seconds(20)) {
                try await Application(router: TernRouter(store: store).router).test(.router) { client in
                    let batch = #"{"batch":[{"event":"cl_x","externalId":"u1"}]}"#
                    for (method, uri, body) in [(HTTPRequest.Method.post, "/v1/events/batch", batch), (.get, "/v1/contacts", "")] {
                        let response = try await client.executeRequest(
                            uri: uri, method: method, headers: [.authorization: "Bearer tk_write_unknown", .contentType: "application/json"],
                            body: body.isEmpty ? nil : ByteBuffer(string: body))
                        #expect(response.status == .serviceUnavailable, "\(method) \(uri)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        #expect(response.headers[.retryAfter] == "5")
                        let problem = try JSONParser.parse(String(buffer: response.body))
                        #expect(problem["status"] == .integer(503))
                    }
                }
            }
        }
    }
}
