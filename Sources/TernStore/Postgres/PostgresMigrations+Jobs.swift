extension PostgresMigrations {
    /// The durable job table: claimed by time with `FOR UPDATE SKIP LOCKED`, leased to one node at a time.
    static let jobs = Migration(version: 3, name: "jobs", statements: [
        """
        CREATE TABLE jobs (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL,
            kind text NOT NULL,
            key text,
            payload text NOT NULL,
            run_at bigint NOT NULL,
            state text NOT NULL DEFAULT 'queued',
            attempts integer NOT NULL DEFAULT 0,
            owner text,
            lease_until bigint,
            last_error text,
            created_at bigint NOT NULL,
            done_at bigint
        )
        """,
        // Only queued jobs are looked for, earliest first; done ones stay out of the index.
        "CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'queued'",
        "CREATE UNIQUE INDEX jobs_key ON jobs (workspace_id, kind, key) WHERE key IS NOT NULL",
    ])
}
