import PostgresNIO

/// The job table shared by every node: a claim takes due rows with `FOR UPDATE SKIP LOCKED`, so
/// concurrent claimers never wait for or get the same job, and writes a lease in the row, so a
/// job whose node died is due again when the lease ends. `attempts` numbers the claims: only the
/// latest claim may finish the job.
extension PostgresStore {
    public func enqueue(_ jobs: [JobRequest], now: Int64) async throws -> [Int64] {
        for job in jobs {
            try PostgresText.check(job.kind, field: "kind")
            try PostgresText.check(job.key, field: "key")
        }
        return try await transaction { connection in
            var ids: [Int64] = []
            for job in jobs {
                if let inserted = try await connection.all("""
                    INSERT INTO jobs (workspace_id, kind, key, payload, run_at, created_at)
                    VALUES (\(job.workspaceId), \(job.kind), \(job.key), \(Self.storable(job.payload)), \(job.runAt), \(now))
                    ON CONFLICT (workspace_id, kind, key) WHERE key IS NOT NULL DO NOTHING
                    RETURNING id
                    """, logger).first
                {
                    ids.append(try inserted.decode(Int64.self))
                } else {
                    ids.append(try await connection.all("""
                        SELECT id FROM jobs WHERE workspace_id = \(job.workspaceId) AND kind = \(job.kind) AND key = \(job.key)
                        """, logger)[0].decode(Int64.self))
                }
            }
            return ids
        }
    }

    public func claim(kinds: Set<String>, owner: String, now: Int64, lease: Int64, limit: Int) async throws -> [ClaimedJob] {
        let kinds = kinds.filter { !PostgresText.holdsNUL($0) }.sorted()
        guard !kinds.isEmpty, limit > 0 else { return [] }
        return try await transaction { connection in
            try await connection.all("""
                WITH due AS (
                    SELECT id FROM jobs
                    WHERE state = 'queued' AND run_at <= \(now) AND (lease_until IS NULL OR lease_until <= \(now))
                        AND kind = ANY(\(kinds))
                    ORDER BY run_at, id
                    LIMIT \(limit)
                    FOR UPDATE SKIP LOCKED
                )
                UPDATE jobs j SET attempts = j.attempts + 1, owner = \(Self.storable(owner)), lease_until = \(now + lease)
                FROM due WHERE j.id = due.id
                RETURNING j.id, j.workspace_id, j.kind, j.payload, j.run_at, j.attempts, j.lease_until
                """, logger
            ).map { row in
                let (id, workspaceId, kind, payload, runAt, attempt, leaseUntil) =
                    try row.decode((Int64, Int64, String, String, Int64, Int, Int64).self)
                return ClaimedJob(
                    id: id, workspaceId: workspaceId, kind: kind, payload: payload, runAt: runAt, attempt: attempt, leaseUntil: leaseUntil)
            }.sorted { ($0.runAt, $0.id) < ($1.runAt, $1.id) }
        }
    }

    public func renew(_ job: ClaimedJob, until leaseUntil: Int64) async throws -> Bool {
        try await finish(job) { sql in "lease_until = \(sql.bind(leaseUntil))" }
    }

    public func complete(_ job: ClaimedJob, now: Int64) async throws -> Bool {
        try await finish(job) { sql in "state = 'done', done_at = \(sql.bind(now)), lease_until = NULL" }
    }

    public func release(_ job: ClaimedJob, retryAt: Int64, error: String, now: Int64) async throws -> Bool {
        try await finish(job) { sql in
            "run_at = \(sql.bind(retryAt)), lease_until = NULL, last_error = \(sql.bind(Self.storable(error)))"
        }
    }

    public func fail(_ job: ClaimedJob, error: String, now: Int64) async throws -> Bool {
        try await finish(job) { sql in
            "state = 'failed', done_at = \(sql.bind(now)), lease_until = NULL, last_error = \(sql.bind(Self.storable(error)))"
        }
    }

    /// Applies the assignments `set` writes (binding its values) if this claim still holds the job.
    private func finish(_ job: ClaimedJob, set: (inout QueryBuilder) -> String) async throws -> Bool {
        var sql = QueryBuilder("UPDATE jobs SET ")
        sql.append(set(&sql))
        sql.append(" WHERE id = \(sql.bind(job.id)) AND attempts = \(sql.bind(job.attempt)) AND state = 'queued' RETURNING 1")
        let query = sql.query
        return try await transaction { connection in try await !connection.all(query, logger).isEmpty }
    }

    public func job(id: Int64) async throws -> JobRecord? {
        try await read { connection in
            guard let row = try await connection.all("""
                SELECT id, workspace_id, kind, key, payload, run_at, state, attempts, owner, lease_until, last_error, done_at
                FROM jobs WHERE id = \(id)
                """, logger).first
            else { return nil }
            let (id, workspaceId, kind, key, payload, runAt, state, attempts, owner, leaseUntil, lastError, doneAt) = try row.decode(
                (Int64, Int64, String, String?, String, Int64, String, Int, String?, Int64?, String?, Int64?).self)
            return JobRecord(
                id: id, workspaceId: workspaceId, kind: kind, key: key, payload: payload, runAt: runAt,
                state: JobRecord.State(rawValue: state) ?? .queued, attempts: attempts, owner: owner, leaseUntil: leaseUntil,
                lastError: lastError, doneAt: doneAt)
        }
    }

    /// Free text that PostgreSQL can keep: U+0000 becomes U+FFFD.
    static func storable(_ text: String) -> String {
        PostgresText.holdsNUL(text) ? String(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : Character($0) }) : text
    }
}
