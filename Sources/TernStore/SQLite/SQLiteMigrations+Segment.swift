import GRDB
import TernCore

extension SQLiteMigrations {
    /// Anonymous ids (many per contact, for identity merges), the quarantine of rejected events,
    /// and the `screen_viewed` system event for workspaces created before it existed.
    static func registerSegment(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("segment: anonymous ids, rejected events, screen_viewed") { db in
            try db.execute(sql: """
                CREATE TABLE contact_anonymous_ids (
                    workspace_id INTEGER NOT NULL,
                    anonymous_id TEXT NOT NULL,
                    contact_id INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, anonymous_id)
                ) WITHOUT ROWID;
                CREATE INDEX contact_anonymous_ids_by_contact ON contact_anonymous_ids(workspace_id, contact_id);
                CREATE TABLE rejected_events (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    sent_at INTEGER,
                    reason TEXT NOT NULL,
                    event TEXT,
                    message_id TEXT,
                    type TEXT,
                    source TEXT NOT NULL,
                    errors TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    replayed_event_id INTEGER
                );
                CREATE INDEX rejected_events_by_time ON rejected_events(workspace_id, received_at);
                CREATE INDEX rejected_events_by_reason ON rejected_events(workspace_id, reason);
                ALTER TABLE workspace_settings ADD COLUMN allowed_origins TEXT;
                INSERT INTO event_definitions (workspace_id, id, name, name_key, direction, score, stage, description,
                    properties, system, created_at, updated_at)
                SELECT w.id, 'screen_viewed', 'Screen viewed', 'screen viewed', 'inbound', 1, NULL, NULL,
                    '[{"id":"name","name":"Screen","type":"string"}]', 1, w.created_at, w.created_at
                FROM workspaces w
                WHERE NOT EXISTS (SELECT 1 FROM event_definitions d WHERE d.workspace_id = w.id AND d.id = 'screen_viewed');
                """)
        }
    }
}
