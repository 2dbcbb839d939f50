import Logging
import PostgresNIO
import Synchronization
import TernCore

extension PostgresStore {
    /// Runs `body` in one transaction on one connection and commits. When another node wins a race
    /// (a unique rule, a serialization failure, a deadlock) the whole transaction runs again, so its
    /// checks see the other node's rows and answer as they would have on one node.
    /// `begin` may name an isolation level (`BEGIN ISOLATION LEVEL …`); `beforeCommit` runs once
    /// `body` has returned, just before `COMMIT` is sent.
    func transaction<Result: Sendable>(
        _ begin: PostgresQuery = "BEGIN", beforeCommit: () -> Void = {}, _ body: (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await withConnection { connection in
                    try await connection.run(begin, logger)
                    do {
                        let result = try await body(connection)
                        beforeCommit()
                        try await connection.run("COMMIT", logger)
                        return result
                    } catch {
                        _ = try? await connection.run("ROLLBACK", logger)
                        throw error
                    }
                }
            } catch let error as PSQLError where attempt < 5 && Self.lostARace(error) {
                logger.debug("retrying a transaction", metadata: ["sqlstate": "\(error.serverInfo?[.sqlState] ?? "")"])
                attempt += 1
            }
        }
    }

    /// Runs `body` on one connection outside any explicit transaction.
    func read<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withConnection(body)
    }

    /// Leases a connection for `body`, waiting for one at most ``Configuration/leaseTimeout``:
    /// PostgresNIO's pool waits for as long as the database is away, and every request would wait
    /// with it (for events, the writer's whole group, while new batches queue behind it). Past the
    /// deadline, or when the connection is lost under `body`, throws ``StoreError/unavailable``.
    ///
    /// The lease is taken in a child task, which hands the connection over and holds the lease until
    /// `body`, run here, is done: only the wait for a connection is given up at the deadline, never
    /// a transaction under way.
    func withConnection<Result>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        // The connection, from the child that leases it; then the end of the lease, from here.
        let handover = Handover<PostgresConnection>(), leaseEnd = Handover<Void>()
        let client = self.client, timeout = configuration.leaseTimeout
        do {
            return try await withThrowingTaskGroup(of: Void.self) { group in
                defer { leaseEnd.settle(.success(())) }
                group.addTask {
                    do {
                        try await client.withConnection { connection in
                            if handover.settle(.success(connection)) { try? await leaseEnd.value() }
                        }
                    } catch {
                        handover.settle(.failure(error))
                    }
                }
                group.addTask {
                    do { try await Task.sleep(for: timeout) } catch { return }
                    handover.settle(.failure(StoreError.unavailable))
                }
                let connection: PostgresConnection
                do {
                    connection = try await handover.value()
                } catch {
                    try Task.checkCancellation()
                    throw error
                }
                group.cancelAll()  // the deadline's sleep; the lease is past the point where cancelling matters
                return try await body(connection)
            }
        } catch let error as PSQLError where Self.lostTheConnection(error) {
            throw StoreError.unavailable
        }
    }

    /// Whether the database went away under a query, rather than refusing it.
    static func lostTheConnection(_ error: PSQLError) -> Bool {
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown: return true
        default:
            // connection_exception (08…), and operator intervention: a shutdown or a terminated backend (57P…).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
    }

    static func lostARace(_ error: PSQLError) -> Bool {
        // unique_violation, serialization_failure, deadlock_detected
        ["23505", "40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// Serializes, across every node, the transactions that add events to a workspace or change
    /// its contacts' identifiers. Ids taken from the sequence under the lock are therefore larger
    /// than every id already committed in the workspace, so a reader paging by id never skips an
    /// event that commits late. Held until the transaction ends. Recording takes the same lock, with
    /// the same key, through `lockForRecording` (PostgresStore+Events).
    static func lockWorkspace(_ workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        // The schema's hash keeps Tern instances in different schemas of one database apart.
        try await connection.run(
            "SELECT pg_advisory_xact_lock((hashtext(current_schema())::bigint << 32) + \(workspaceId))", logger)
    }
}

/// A value one task hands another once, or why there is none; whichever `settle` comes first wins.
/// The wait for it is not cancellable: the lease below relies on that, as its holder must not give
/// the connection back while the task using it still runs.
private final class Handover<Value: Sendable>: Sendable {
    private enum State {
        case pending
        case waiting(CheckedContinuation<Value, any Error>)
        case settled(Result<Value, any Error>)
        case taken
    }

    private let state = Mutex(State.pending)

    /// False when it was settled already (a connection then goes straight back to the pool).
    @discardableResult
    func settle(_ result: Result<Value, any Error>) -> Bool {
        let (settled, waiter) = state.withLock { state -> (Bool, CheckedContinuation<Value, any Error>?) in
            switch state {
            case .pending:
                state = .settled(result)
                return (true, nil)
            case .waiting(let continuation):
                state = .taken
                return (true, continuation)
            case .settled, .taken:
                return (false, nil)
            }
        }
        waiter?.resume(with: result)
        return settled
    }

    func value() async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            let settled = state.withLock { state -> Result<Value, any Error>? in
                if case .settled(let result) = state {
                    state = .taken
                    return result
                }
                state = .waiting(continuation)
                return nil
            }
            if let settled { continuation.resume(with: settled) }
        }
    }
}

extension PostgresConnection {
    /// Every row of the query's result.
    func all(_ query: PostgresQuery, _ logger: Logger) async throws -> [PostgresRow] {
        try await sendWhileOpen(query, logger).get().rows
    }

    /// Runs a statement and drains its result.
    func run(_ query: PostgresQuery, _ logger: Logger) async throws {
        _ = try await sendWhileOpen(query, logger).get()
    }

    /// Sends the statement from the connection's event loop if the connection is open there, and
    /// fails as unavailable if not. A query sent on a connection the server has already closed (its
    /// backend terminated, the database restarted between two statements of a transaction) never
    /// completes in PostgresNIO 1.33: the write fails on the closed channel and nothing fails the
    /// query's promise. Checked from another thread, a close could still land between the check and
    /// the write; on the event loop, which also handles the close, the two are one step.
    private func sendWhileOpen(_ query: PostgresQuery, _ logger: Logger) -> EventLoopFuture<PostgresQueryResult> {
        eventLoop.flatSubmit {
            guard !self.isClosed else { return self.eventLoop.makeFailedFuture(StoreError.unavailable) }
            return self.query(query, logger: logger)
        }
    }

    /// `COPY table (columns) FROM STDIN` of rows already encoded (``CopyText``), started while open
    /// (``startWhileOpen(_:)``).
    func copyWhileOpen(_ rows: ByteBuffer, into table: String, columns: [String], _ logger: Logger) async throws {
        try await startWhileOpen {
            try await copyFrom(table: table, columns: columns, logger: logger) { writer in try await writer.write(rows) }
        }
    }

    /// The rows of the query as a stream, for results too large to collect; started while open
    /// (``startWhileOpen(_:)``).
    func streamWhileOpen(_ query: PostgresQuery, _ logger: Logger) async throws -> PostgresRowSequence {
        try await startWhileOpen { try await self.query(query, logger: logger) }
    }

    /// Runs `body`, which sends a statement through one of PostgresNIO's `async` functions, as
    /// ``sendWhileOpen(_:_:)`` sends one: on the connection's event loop (the task runs there
    /// meanwhile, by a task executor preference), after checking there that the connection is open.
    private func startWhileOpen<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await onEventLoop {
            eventLoop.assertInEventLoop()
            guard !isClosed else { throw StoreError.unavailable }
            return try await body()
        }
    }

    /// Runs `body` on the connection's event loop (by a task executor preference): each statement's
    /// answer resumes it on the thread that read the answer, instead of waiting for a thread of the
    /// shared pool, which request tasks keep busy. Only for work that waits on its statements
    /// (recording's chain of statements): whatever `body` computes delays the loop's other
    /// channels meanwhile.
    func onEventLoop<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop), operation: body)
    }
}

/// Runs a task's jobs on a NIO event loop (see ``PostgresConnection/startWhileOpen(_:)``).
private final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) { self.eventLoop = eventLoop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}

/// PostgreSQL text cannot hold U+0000, which JSON's `\u0000` can carry. Requests refuse it before
/// any store sees it (``JSONObjectReader``); strings bound as text are checked again here, for
/// callers that build values themselves, so such a value is refused like any other bad value
/// instead of failing the transaction (and, for events, every request sharing its group commit).
/// JSON stored as text keeps the escape and needs no check.
enum PostgresText {
    static func check(_ value: String?, field: String) throws(ValidationFailure) {
        if let value, holdsNUL(value) { throw ValidationFailure(field: field, message: JSONObjectReader.nulMessage) }
    }

    static func holdsNUL(_ value: String) -> Bool { JSONObjectReader.holdsNUL(value) }
}

/// A query assembled piece by piece: values always become bind parameters (`$1`, `$2`, …),
/// never SQL text.
struct QueryBuilder {
    private(set) var sql: String
    private(set) var binds = PostgresBindings()

    init(_ sql: String) { self.sql = sql }

    mutating func append(_ text: String) { sql += text }

    /// Binds `value` and returns its placeholder.
    mutating func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}

/// A one-dimensional array parameter whose elements may be NULL, for set-based inserts with
/// `UNNEST`: PostgresNIO encodes arrays of non-optional elements only.
struct NullableArray<Element: PostgresArrayEncodable & PostgresNonThrowingEncodable>: PostgresNonThrowingEncodable {
    var elements: [Element?]

    init(_ elements: [Element?]) { self.elements = elements }

    static var psqlType: PostgresDataType { Element.psqlArrayType }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(into buffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        // The binary array format: dimensions, has-nulls flag, element type, then per dimension its
        // length and lower bound, then each element as a length (-1 for NULL) and its bytes.
        buffer.writeInteger(elements.isEmpty ? 0 : 1, as: Int32.self)
        buffer.writeInteger(elements.contains { $0 == nil } ? 1 : 0, as: Int32.self)
        buffer.writeInteger(Element.psqlType.rawValue)
        guard !elements.isEmpty else { return }
        buffer.writeInteger(Int32(elements.count))
        buffer.writeInteger(1, as: Int32.self)
        for element in elements {
            guard let element else {
                buffer.writeInteger(-1, as: Int32.self)
                continue
            }
            let lengthIndex = buffer.writerIndex
            buffer.writeInteger(0, as: Int32.self)
            element.encode(into: &buffer, context: context)
            buffer.setInteger(Int32(buffer.writerIndex - lengthIndex - 4), at: lengthIndex)
        }
    }
}
