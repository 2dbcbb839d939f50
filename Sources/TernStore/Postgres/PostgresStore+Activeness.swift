import Logging
import PostgresNIO
import Synchronization
import TernCore

/// Activeness on PostgreSQL: `activeness_buckets` holds, per contact, the sum of the scores of its
/// events up to its workspace's mark (`activeness_folded.event_id`); the scores of later events are
/// added from the events themselves when contacts are read. Recording never writes it: once a node
/// has recorded ``activenessFoldInterval`` events in a workspace, another connection folds every
/// event past the mark in the background, in one grouped statement, and moves the mark. So the
/// update of each scored contact is no longer a step of the workspace's recording transactions,
/// which take turns (see ``lockWorkspace(_:_:_:)``), and a contact with many events in one interval
/// is written once. Events are the log: a fold that never runs costs reads time, not correctness.
///
/// The sums are kept in rows of 128 contacts by id (a bucket: `id / 128`; the contact's slot in
/// `sums` is `id % 128 + 1`), so a fold writes one row per bucket it touches: with events spread
/// over many contacts, a fold of 8,192 events wrote a row for nearly each of them, which cost
/// PostgreSQL half as much again as the events' own rows (docs/decisions.md, "PostgreSQL:
/// activeness folded in buckets of 128 contacts").
///
/// Folds, merges, contact deletions and rebuilds, the only writers of `activeness_buckets` and the
/// mark, take the workspace's fold lock (``lockFolds(_:_:_:)``), so they never interleave. A fold
/// takes no workspace lock and does not wait for recording.
extension PostgresStore {
    /// Events a node records in a workspace before it folds them in. A listing reads at most about
    /// this many unfolded scores per node, plus what arrives while a fold runs.
    public static let defaultActivenessFoldInterval = 8_192

    /// Joins each contact's folded activeness and its workspace's unfolded scores (summed once for
    /// the whole query, for pages and filters over many contacts) to a query over `contacts c`;
    /// ``activenessColumn`` adds them. `mark` must come from the query's snapshot (``readWithMark(workspaceId:_:)``):
    /// as a bound value, not a subquery, so that PostgreSQL sees how few events are past it and reads
    /// them through the (workspace, id) index instead of scanning the month's partition.
    /// Contacts per row of `activeness_buckets`. The SQL below places a contact id with
    /// ``bucket(_:)`` and ``slot(_:)``, a bound one with ``place(_:)``: one rule, three spellings.
    static let bucketSize: Int64 = 128

    /// SQL for the bucket of the contact id in `column`.
    static func bucket(_ column: String) -> String { "\(column) / \(bucketSize)" }

    /// SQL for the slot (1-based, as PostgreSQL's arrays are) in its bucket of the contact id in `column`.
    static func slot(_ column: String) -> String { "(\(column) % \(bucketSize))::integer + 1" }

    /// The bucket and slot of one contact, to bind.
    static func place(_ contactId: Int64) -> (bucket: Int64, slot: Int32) {
        (contactId / bucketSize, Int32(contactId % bucketSize) + 1)
    }

    /// A bucket's sums before anything is added.
    static let emptyBucket = "array_fill(0::bigint, ARRAY[\(bucketSize)])"

    static func withActiveness(_ sql: inout QueryBuilder, workspace: String, mark: Int64) -> String {
        """
        LEFT JOIN activeness_buckets a ON a.workspace_id = c.workspace_id AND a.bucket = \(bucket("c.id"))
        LEFT JOIN (
            SELECT contact_id, SUM(score)::bigint AS score FROM events
            WHERE workspace_id = \(workspace) AND id > \(sql.bind(mark)) AND score <> 0
            GROUP BY contact_id
        ) u ON u.contact_id = c.id
        """
    }

    /// Runs `body` in one read-only snapshot with the workspace's mark, for queries that use
    /// ``withActiveness(_:workspace:mark:)``: a fold that commits in between would otherwise count
    /// its events twice (in the folded sums, and past an older mark).
    func readWithMark<Result: Sendable>(
        workspaceId: Int64, _ body: (PostgresConnection, _ mark: Int64) async throws -> Result
    ) async throws -> Result {
        try await transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { connection in
            let mark = try await connection.all(
                "SELECT COALESCE((SELECT event_id FROM activeness_folded WHERE workspace_id = \(workspaceId)), 0)", logger
            )[0].decode(Int64.self)
            return try await body(connection, mark)
        }
    }

    /// ``withActiveness(_:workspace:mark:)`` for one contact, in any snapshot: its unfolded scores
    /// come from its own timeline.
    static let withActivenessOfOne = """
        LEFT JOIN activeness_buckets a ON a.workspace_id = c.workspace_id AND a.bucket = \(bucket("c.id"))
        LEFT JOIN LATERAL (
            SELECT SUM(e.score)::bigint AS score FROM events e
            WHERE e.workspace_id = c.workspace_id AND e.contact_id = c.id
                AND e.id > COALESCE((SELECT event_id FROM activeness_folded WHERE workspace_id = c.workspace_id), 0)
        ) u ON true
        """

    static let activenessColumn = "COALESCE(a.sums[\(slot("c.id"))], 0) + COALESCE(u.score, 0)"

    /// Folds the scores of the workspace's events recorded since its last fold into
    /// `activeness_buckets`, and moves its mark (``foldWhenDue(afterRecording:)`` calls it).
    func foldActiveness(workspaceId: Int64) async throws {
        try await transaction { connection in
            try await Self.lockFolds(workspaceId, connection, logger)
            try await Self.fold(workspaceId, connection, logger)
        }
    }

    /// Counts events this node recorded, and starts a fold in the background for each workspace
    /// that reached the interval, unless one already runs for it here.
    func foldWhenDue(afterRecording counts: [Int64: Int]) {
        let due = folds.withLock { folds in
            counts.compactMap { workspaceId, count -> Int64? in
                folds.recorded[workspaceId, default: 0] += count
                guard folds.recorded[workspaceId]! >= activenessFoldInterval, !folds.running.contains(workspaceId) else { return nil }
                folds.recorded[workspaceId] = 0
                folds.running.insert(workspaceId)
                return workspaceId
            }
        }
        for workspaceId in due {
            Task {
                defer { _ = folds.withLock { $0.running.remove(workspaceId) } }
                do {
                    try await foldActiveness(workspaceId: workspaceId)
                } catch {
                    // The events stay unfolded until the next fold; reads still count them.
                    logger.warning("could not fold activeness", metadata: ["workspace": "\(workspaceId)", "error": "\(error)"])
                }
            }
        }
    }

    struct Folds {
        var recorded: [Int64: Int] = [:]
        var running: Set<Int64> = []
    }

    // MARK: Inside a transaction

    /// Serializes the writers of a workspace's folded activeness. Taken after the workspace lock by
    /// those that hold both, and alone by a fold, so the two locks never wait on each other in a circle.
    static func lockFolds(_ workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run(
            "SELECT pg_advisory_xact_lock((hashtext(current_schema() || ':folds')::bigint << 32) + \(workspaceId))", logger)
    }

    /// Folds every event past the mark, up to the newest committed one. Ids are taken under the
    /// workspace lock and committed in that order, so no event at or below the newest committed id
    /// can still commit. The caller holds the fold lock.
    static func fold(_ workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let (mark, newest) = try await connection.all("""
            SELECT COALESCE((SELECT event_id FROM activeness_folded WHERE workspace_id = \(workspaceId)), 0),
                (SELECT MAX(id) FROM events WHERE workspace_id = \(workspaceId))
            """, logger)[0].decode((Int64, Int64?).self)
        guard let newest, newest > mark else { return }
        // Grouped by bucket, each bucket's row written once with all its events' scores. Not summed
        // per contact first: `tern_add_slots` adds a slot's every score, and the one grouping saves
        // a sort and an aggregate (15 against 17.5 ms for 8,192 events over 100,000 contacts).
        try await connection.run("""
            WITH folded AS (
                SELECT \(unescaped: bucket("contact_id")) AS bucket, array_agg(\(unescaped: slot("contact_id"))) AS slots,
                    array_agg(score::bigint) AS deltas
                FROM events
                WHERE workspace_id = \(workspaceId) AND id > \(mark) AND id <= \(newest) AND score <> 0
                GROUP BY 1
            ), updated AS (
                UPDATE activeness_buckets b SET sums = tern_add_slots(b.sums, f.slots, f.deltas) FROM folded f
                WHERE b.workspace_id = \(workspaceId) AND b.bucket = f.bucket
                RETURNING b.bucket
            )
            INSERT INTO activeness_buckets (workspace_id, bucket, sums)
            SELECT \(workspaceId), f.bucket, tern_add_slots(\(unescaped: emptyBucket), f.slots, f.deltas) FROM folded f
            WHERE f.bucket NOT IN (SELECT bucket FROM updated)
            """, logger)
        try await setMark(newest, workspaceId: workspaceId, connection, logger)
    }

    static func setMark(_ eventId: Int64, workspaceId: Int64, _ connection: PostgresConnection, _ logger: Logger) async throws {
        try await connection.run("""
            INSERT INTO activeness_folded (workspace_id, event_id) VALUES (\(workspaceId), \(eventId))
            ON CONFLICT (workspace_id) DO UPDATE SET event_id = EXCLUDED.event_id
            """, logger)
    }

    /// Moves the folded part of `absorbed`'s activeness to `survivor` (its unfolded scores move
    /// with its events). The caller holds both locks.
    static func moveFoldedActiveness(
        workspaceId: Int64, from absorbed: Int64, to survivor: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let (from, to) = (place(absorbed), place(survivor))
        let folded = try await connection.all("""
            SELECT sums[\(from.slot)] FROM activeness_buckets WHERE workspace_id = \(workspaceId) AND bucket = \(from.bucket)
            """, logger).first?.decode(Int64.self) ?? 0
        guard folded != 0 else { return }
        try await clearFoldedActiveness(workspaceId: workspaceId, contactId: absorbed, connection, logger)
        // Two statements, not one: both contacts may be in the same bucket's row.
        try await connection.run("""
            INSERT INTO activeness_buckets (workspace_id, bucket, sums)
            VALUES (\(workspaceId), \(to.bucket), tern_add_slots(\(unescaped: emptyBucket), ARRAY[\(to.slot)], ARRAY[\(folded)]))
            ON CONFLICT (workspace_id, bucket) DO UPDATE
            SET sums = tern_add_slots(activeness_buckets.sums, ARRAY[\(to.slot)], ARRAY[\(folded)])
            """, logger)
    }

    /// Sets the contact's folded activeness to 0 (its events' scores are gone or moved with them).
    /// The caller holds the fold lock.
    static func clearFoldedActiveness(
        workspaceId: Int64, contactId: Int64, _ connection: PostgresConnection, _ logger: Logger
    ) async throws {
        let (bucket, slot) = place(contactId)
        try await connection.run("""
            UPDATE activeness_buckets SET sums[\(slot)] = 0 WHERE workspace_id = \(workspaceId) AND bucket = \(bucket)
            """, logger)
    }
}
