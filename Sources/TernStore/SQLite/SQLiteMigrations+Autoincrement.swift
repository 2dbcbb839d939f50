import GRDB

extension SQLiteMigrations {
    /// Contact and event ids are never reused, even after the newest rows are deleted: a client
    /// paging `GET /v1/events` by id would otherwise skip events that took a deleted event's id,
    /// and a `ct_N` could name two customers over time. SQLite only guarantees that with
    /// AUTOINCREMENT, which needs the tables rebuilt.
    static func registerAutoincrement(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("ids never reused: events and contacts with AUTOINCREMENT") { db in
            try db.execute(sql: """
                CREATE TABLE events_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    properties TEXT NOT NULL,
                    content_tags TEXT,
                    message_id TEXT,
                    source TEXT NOT NULL,
                    score INTEGER NOT NULL,
                    stage TEXT,
                    recorded_by TEXT
                );
                INSERT INTO events_new (id, workspace_id, contact_id, event, time, received_at, properties, content_tags,
                    message_id, source, score, stage, recorded_by)
                SELECT id, workspace_id, contact_id, event, time, received_at, properties, content_tags,
                    message_id, source, score, stage, recorded_by FROM events;
                DROP TABLE events;
                ALTER TABLE events_new RENAME TO events;
                CREATE INDEX events_timeline ON events(workspace_id, contact_id, time);
                CREATE INDEX events_by_event ON events(workspace_id, event, time);
                CREATE UNIQUE INDEX events_message_id ON events(workspace_id, message_id) WHERE message_id IS NOT NULL;

                CREATE TABLE contacts_new (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    phone TEXT,
                    external_id TEXT,
                    email TEXT,
                    attributes TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    activeness INTEGER NOT NULL DEFAULT 0,
                    stage TEXT,
                    stage_time INTEGER NOT NULL DEFAULT 0,
                    stage_event_id INTEGER NOT NULL DEFAULT 0
                );
                INSERT INTO contacts_new (id, workspace_id, phone, external_id, email, attributes, created_at, updated_at,
                    activeness, stage, stage_time, stage_event_id)
                SELECT id, workspace_id, phone, external_id, email, attributes, created_at, updated_at,
                    activeness, stage, stage_time, stage_event_id FROM contacts;
                DROP TABLE contacts;
                ALTER TABLE contacts_new RENAME TO contacts;
                CREATE UNIQUE INDEX contacts_phone ON contacts(workspace_id, phone) WHERE phone IS NOT NULL;
                CREATE UNIQUE INDEX contacts_external_id ON contacts(workspace_id, external_id) WHERE external_id IS NOT NULL;
                CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, email) WHERE email IS NOT NULL;
                """)
        }
    }
}
