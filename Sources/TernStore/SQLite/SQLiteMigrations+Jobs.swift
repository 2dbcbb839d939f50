import GRDB

extension SQLiteMigrations {
    /// The durable job table, as on PostgreSQL. AUTOINCREMENT: a job id is never reused.
    static func registerJobs(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("jobs: the durable job table") { db in
            try db.execute(sql: """
                CREATE TABLE jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    workspace_id INTEGER NOT NULL,
                    kind TEXT NOT NULL,
                    key TEXT,
                    payload TEXT NOT NULL,
                    run_at INTEGER NOT NULL,
                    state TEXT NOT NULL DEFAULT 'queued',
                    attempts INTEGER NOT NULL DEFAULT 0,
                    owner TEXT,
                    lease_until INTEGER,
                    last_error TEXT,
                    created_at INTEGER NOT NULL,
                    done_at INTEGER
                );
                CREATE INDEX jobs_due ON jobs(run_at, id) WHERE state = 'queued';
                CREATE UNIQUE INDEX jobs_key ON jobs(workspace_id, kind, key) WHERE key IS NOT NULL;
                """)
        }
    }
}
