import GRDB

/// The job table within one process, or several sharing the file: every claim is a write
/// transaction, and SQLite runs one at a time, so two claimers never get the same job. Leases and
/// attempts work as on PostgreSQL: a job whose claimer stopped is due again when its lease ends,
/// and only the latest claim may finish it.
extension SQLiteStore {
    public func enqueue(_ jobs: [JobRequest], now: Int64) async throws -> [Int64] {
        try await pool.write { db in
            try jobs.map { job in
                if let key = job.key, let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM jobs WHERE workspace_id = ? AND kind = ? AND key = ?",
                    arguments: [job.workspaceId, job.kind, key])
                {
                    return id
                }
                try db.execute(
                    sql: "INSERT INTO jobs (workspace_id, kind, key, payload, run_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [job.workspaceId, job.kind, job.key, job.payload, job.runAt, now])
                return db.lastInsertedRowID
            }
        }
    }

    public func claim(kinds: Set<String>, owner: String, now: Int64, lease: Int64, limit: Int) async throws -> [ClaimedJob] {
        let kinds = kinds.sorted()
        guard !kinds.isEmpty, limit > 0 else { return [] }
        let selectDue = """
            SELECT id, workspace_id, kind, payload, run_at, attempts FROM jobs
            WHERE state = 'queued' AND run_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
                AND kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))
            ORDER BY run_at, id
            LIMIT ?
            """
        @Sendable func arguments() -> StatementArguments { StatementArguments([now, now]) + StatementArguments(kinds) + [limit] }
        // A runner with nothing due looks again every second: a read, so it never waits for the writer.
        let anyDue = try await pool.read { db in try Row.fetchOne(db, sql: selectDue, arguments: arguments()) != nil }
        guard anyDue else { return [] }
        return try await pool.write { db in
            let due = try Row.fetchAll(db, sql: selectDue, arguments: arguments())
            let update = try db.cachedStatement(sql: "UPDATE jobs SET attempts = ?, owner = ?, lease_until = ? WHERE id = ?")
            return try due.map { row in
                let job = ClaimedJob(
                    id: row["id"], workspaceId: row["workspace_id"], kind: row["kind"], payload: row["payload"], runAt: row["run_at"],
                    attempt: (row["attempts"] as Int) + 1, leaseUntil: now + lease)
                try update.execute(arguments: [job.attempt, owner, job.leaseUntil, job.id])
                return job
            }
        }
    }

    public func renew(_ job: ClaimedJob, until leaseUntil: Int64) async throws -> Bool {
        try await finish(job, sql: "lease_until = ?", arguments: [leaseUntil])
    }

    public func complete(_ job: ClaimedJob, now: Int64) async throws -> Bool {
        try await finish(job, sql: "state = 'done', done_at = ?, lease_until = NULL", arguments: [now])
    }

    public func release(_ job: ClaimedJob, retryAt: Int64, error: String, now: Int64) async throws -> Bool {
        try await finish(job, sql: "run_at = ?, lease_until = NULL, last_error = ?", arguments: [retryAt, error])
    }

    public func fail(_ job: ClaimedJob, error: String, now: Int64) async throws -> Bool {
        try await finish(job, sql: "state = 'failed', done_at = ?, lease_until = NULL, last_error = ?", arguments: [now, error])
    }

    /// Applies `assignments` if this claim still holds the job.
    private func finish(_ job: ClaimedJob, sql assignments: String, arguments: StatementArguments) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE jobs SET \(assignments) WHERE id = ? AND attempts = ? AND state = 'queued'",
                arguments: arguments + [job.id, job.attempt])
            return db.changesCount > 0
        }
    }

    public func job(id: Int64) async throws -> JobRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map { row in
                JobRecord(
                    id: row["id"], workspaceId: row["workspace_id"], kind: row["kind"], key: row["key"], payload: row["payload"],
                    runAt: row["run_at"], state: JobRecord.State(rawValue: row["state"]) ?? .queued, attempts: row["attempts"],
                    owner: row["owner"], leaseUntil: row["lease_until"], lastError: row["last_error"], doneAt: row["done_at"])
            }
        }
    }
}
