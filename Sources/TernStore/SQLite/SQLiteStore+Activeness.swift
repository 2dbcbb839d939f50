import GRDB
import TernCore

/// Activeness on SQLite: `contact_activeness` holds, per contact, the sum of the scores of its
/// events up to `activeness_folded.event_id`; the scores of later events are added when a contact is
/// read. A recording transaction folds them in once thousands have gathered: one sorted pass over
/// the new event rows (still in the page cache) that writes each contact's row once, instead of an
/// update per event that dirtied a page of the table per scored event (docs/benchmarks.md). Events
/// are the log, so the rollup can never disagree with them, and it is exact at every commit.
extension SQLiteStore {
    /// Events recorded after the last fold before a recording transaction folds them in. The
    /// unfolded scores a listing reads are at most this many plus one transaction's events.
    public static let defaultActivenessFoldInterval: Int64 = 16_384

    /// The unfolded scores of one workspace, per contact, for a join: bind the workspace id. `+`
    /// keeps SQLite on the id range (the newest rows) instead of an index over the whole workspace.
    static let unfoldedActiveness = """
        SELECT contact_id, SUM(score) AS score FROM events
        WHERE id > (SELECT event_id FROM activeness_folded) AND +workspace_id = ? AND score != 0
        GROUP BY contact_id
        """

    /// The unfolded scores of one contact, through its timeline.
    static func unfoldedActiveness(_ db: Database, workspaceId: Int64, contactId: Int64) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            SELECT COALESCE(SUM(score), 0) FROM events
            WHERE workspace_id = ? AND contact_id = ? AND id > (SELECT event_id FROM activeness_folded)
            """)
        return try Int.fetchOne(statement, arguments: [workspaceId, contactId]) ?? 0
    }

    /// The folded part of one contact's activeness (what a merge moves; unfolded events move with the events).
    static func foldedActiveness(_ db: Database, workspaceId: Int64, contactId: Int64) throws -> Int {
        let statement = try db.cachedStatement(
            sql: "SELECT activeness FROM contact_activeness WHERE workspace_id = ? AND contact_id = ?")
        return try Int.fetchOne(statement, arguments: [workspaceId, contactId]) ?? 0
    }

    /// Adds `delta` to the folded part of a contact's activeness.
    static func addActiveness(_ db: Database, _ delta: Int, workspaceId: Int64, contactId: Int64) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO contact_activeness (workspace_id, contact_id, activeness) VALUES (?, ?, ?)
            ON CONFLICT (workspace_id, contact_id) DO UPDATE SET activeness = activeness + excluded.activeness
            """)
        try statement.execute(arguments: [workspaceId, contactId, delta])
    }

    /// Folds the scores of every event recorded since the last fold into `contact_activeness`, when
    /// at least `interval` events have been recorded since.
    static func foldActivenessIfDue(_ db: Database, interval: Int64) throws {
        let folded = try Int64.fetchOne(db.cachedStatement(sql: "SELECT event_id FROM activeness_folded")) ?? 0
        let last = try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'events'")) ?? 0
        guard last - folded >= interval else { return }
        // Grouped, so contacts are written in key order, each once.
        try db.cachedStatement(sql: """
            INSERT INTO contact_activeness (workspace_id, contact_id, activeness)
            SELECT workspace_id, contact_id, SUM(score) FROM events WHERE id > ? AND id <= ? AND score != 0
            GROUP BY workspace_id, contact_id
            ON CONFLICT (workspace_id, contact_id) DO UPDATE SET activeness = activeness + excluded.activeness
            """).execute(arguments: [folded, last])
        try db.cachedStatement(sql: "UPDATE activeness_folded SET event_id = ?").execute(arguments: [last])
    }
}
