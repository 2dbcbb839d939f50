import Hummingbird
import Logging
import TernCore
import TernStore

/// `GET /health`, for a load balancer or an orchestrator in front of several nodes: 200 once this
/// node's store has answered a query, 503 when it has not within ``timeout``, so a node cut off
/// from its database leaves the rotation (a lease from PostgreSQL's pool would otherwise wait for
/// as long as the database is away). Needs no key, and tells nothing of the failure but its kind.
struct HealthRoutes {
    static let timeout: Duration = .seconds(2)

    let store: any Store

    func register(in table: RouteTable) {
        table.add(.get, "/health") { _, context in
            if let failure = await Self.failure(of: store, within: Self.timeout) {
                context.logger.warning("health check failed", metadata: ["error": "\(String(reflecting: failure))"])
                throw Problem(status: .serviceUnavailable, detail: "The store did not answer within \(Self.timeout.components.seconds) seconds.")
            }
            return .json(.object(["status": .string("ok")]))
        }
    }

    /// Nil once `store` has answered a ping; its error, or ``Unanswered``, otherwise.
    static func failure(of store: any Store, within timeout: Duration) async -> (any Error)? {
        await withTaskGroup(of: (any Error)?.self) { group in
            group.addTask {
                do { try await store.ping() } catch { return error }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Unanswered()
            }
            defer { group.cancelAll() }
            return await group.next()!
        }
    }

    struct Unanswered: Error {}
}
