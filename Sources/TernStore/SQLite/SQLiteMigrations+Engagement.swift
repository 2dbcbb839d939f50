import GRDB

extension SQLiteMigrations {
    /// Contact rollups (activeness, stage, tag counts), stage history, workspace settings, and
    /// what an event carries for them (its stage, who recorded a manual event).
    static func registerEngagement(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("engagement: rollups, stage history, settings") { db in
            try db.execute(sql: """
                ALTER TABLE events ADD COLUMN stage TEXT;
                ALTER TABLE events ADD COLUMN recorded_by TEXT;
                ALTER TABLE contacts ADD COLUMN activeness INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE contacts ADD COLUMN stage TEXT;
                ALTER TABLE contacts ADD COLUMN stage_time INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE contacts ADD COLUMN stage_event_id INTEGER NOT NULL DEFAULT 0;
                CREATE TABLE contact_tags (
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    tag TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, contact_id, tag)
                ) WITHOUT ROWID;
                CREATE INDEX contact_tags_by_tag ON contact_tags(workspace_id, tag, contact_id);
                CREATE TABLE stage_history (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    from_stage TEXT,
                    to_stage TEXT NOT NULL,
                    event TEXT NOT NULL,
                    event_id INTEGER NOT NULL,
                    time INTEGER NOT NULL
                );
                CREATE INDEX stage_history_by_contact ON stage_history(workspace_id, contact_id, id);
                CREATE TABLE workspace_settings (
                    workspace_id INTEGER PRIMARY KEY REFERENCES workspaces(id),
                    activeness_levels TEXT,
                    stages TEXT
                );
                """)
        }
    }
}
