import Foundation
import Hummingbird
import Logging
import NIOCore
import TernCore
import TernStore

/// What every route handler works with: the store, the single event writer, the key
/// authenticator, the definition cache, the decode gate and the clock (injected so tests control
/// time).
struct TernServices: Sendable {
    let store: any Store
    let writer: EventWriter
    let auth: KeyAuthenticator
    let definitions: DefinitionCache
    /// Where batch requests parse and validate their events.
    let decoding: DecodeGate
    /// The current time in UTC milliseconds.
    let now: @Sendable () -> Int64
}

/// The wall clock in UTC milliseconds.
public let systemClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

/// Builds Tern's HTTP router over a store.
///
/// ```swift
/// let router = TernRouter(store: try SQLiteStore(directory: "./tern-data"))
/// let app = Application(router: router.router, configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// try await app.runService()
/// ```
public struct TernRouter {
    public let router: Router<BasicRequestContext>
    /// Every method and path served, in Hummingbird's path form (`/v1/contacts/:id`).
    public let routes: [ServedRoute]
    /// The handlers of the jobs the server itself adds (`event.record`), sharing the routes'
    /// writer and definition cache: for a ``JobRunner``.
    public let jobHandlers: [any JobHandler]

    /// One fewer than the machine's cores, at least one (see ``DecodeGate``).
    public static let defaultDecodeConcurrency = max(1, System.coreCount - 1)

    /// `decodeConcurrency`: how many batch requests parse and validate their events at once.
    public init(
        store: any Store, now: @escaping @Sendable () -> Int64 = systemClock, decodeConcurrency: Int = defaultDecodeConcurrency
    ) {
        let router = Router()
        router.add(middleware: ProblemMiddleware())
        let services = TernServices(
            store: store, writer: EventWriter(store: store), auth: KeyAuthenticator(store: store),
            definitions: DefinitionCache(store: store), decoding: DecodeGate(width: decodeConcurrency), now: now)
        let table = RouteTable(router: router)
        DefinitionRoutes(services).register(in: table)
        DefinitionFileRoutes(services).register(in: table)
        EventGroupRoutes(services).register(in: table)
        MaterialRoutes(services).register(in: table)
        ContactRoutes(services).register(in: table)
        AudienceRoutes(services).register(in: table)
        SavedSegmentRoutes(services).register(in: table)
        AnalyticsRoutes(services).register(in: table)
        EventRoutes(services).register(in: table)
        SettingsRoutes(services).register(in: table)
        SegmentRoutes(services).register(in: table)
        RejectedEventRoutes(services).register(in: table)
        TrackerRoutes().register(in: table)
        OpenAPIRoutes().register(in: table)
        HealthRoutes(store: store).register(in: table)
        self.router = router
        self.routes = table.routes
        self.jobHandlers = [EventRecordJob(services: services)]
    }
}
