import GRDB

/// The SQLite schema, as named, ordered, append-only migrations: never edit a shipped one, add one.
enum SQLiteMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: workspaces, keys, definitions, contacts, events") { db in
            try db.execute(sql: """
                CREATE TABLE workspaces (
                    id INTEGER PRIMARY KEY,
                    name TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE api_keys (
                    hash TEXT PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    scope TEXT NOT NULL,
                    label TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE event_definitions (
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    direction TEXT NOT NULL,
                    score INTEGER NOT NULL,
                    stage TEXT,
                    group_name TEXT,
                    description TEXT,
                    properties TEXT NOT NULL,
                    system INTEGER NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, id)
                ) WITHOUT ROWID;
                CREATE UNIQUE INDEX event_definitions_name ON event_definitions(workspace_id, name_key);
                CREATE TABLE contacts (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL REFERENCES workspaces(id),
                    phone TEXT,
                    external_id TEXT,
                    email TEXT,
                    attributes TEXT NOT NULL,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE UNIQUE INDEX contacts_phone ON contacts(workspace_id, phone) WHERE phone IS NOT NULL;
                CREATE UNIQUE INDEX contacts_external_id ON contacts(workspace_id, external_id) WHERE external_id IS NOT NULL;
                CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, email) WHERE email IS NOT NULL;
                CREATE TABLE events (
                    id INTEGER PRIMARY KEY,
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    event TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    received_at INTEGER NOT NULL,
                    properties TEXT NOT NULL,
                    content_tags TEXT,
                    message_id TEXT,
                    source TEXT NOT NULL,
                    score INTEGER NOT NULL
                );
                CREATE INDEX events_timeline ON events(workspace_id, contact_id, time);
                CREATE INDEX events_by_event ON events(workspace_id, event, time);
                CREATE UNIQUE INDEX events_message_id ON events(workspace_id, message_id) WHERE message_id IS NOT NULL;
                """)
        }
        registerEngagement(&migrator)
        registerEventGroups(&migrator)
        registerSegment(&migrator)
        registerPreviousUserIds(&migrator)
        registerAutoincrement(&migrator)
        registerProjectionGeneration(&migrator)
        registerJobs(&migrator)
        registerSavedSegments(&migrator)
        registerNarrowRollups(&migrator)
        registerMaterials(&migrator)
        registerActivenessFolding(&migrator)
        return migrator
    }
}
