import GRDB

extension SQLiteMigrations {
    /// Activeness and stage move out of `contacts` into narrow tables of their own. A scored event
    /// used to rewrite its contact's whole row (identifiers, attributes) and dirty a contacts page,
    /// 41% of the storage limit's page writes; a row of `contact_activeness` is a dozen bytes, so
    /// hundreds share a page and one commit dirties far fewer pages. Stage positions are written
    /// only when a stage moves, so they are kept apart and do not widen the activeness rows.
    static func registerNarrowRollups(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rollups: activeness and stage in narrow tables") { db in
            try db.execute(sql: """
                CREATE TABLE contact_activeness (
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    activeness INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, contact_id)
                ) WITHOUT ROWID;
                CREATE TABLE contact_stages (
                    workspace_id INTEGER NOT NULL,
                    contact_id INTEGER NOT NULL,
                    stage TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    event_id INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, contact_id)
                ) WITHOUT ROWID;
                INSERT INTO contact_activeness (workspace_id, contact_id, activeness)
                SELECT workspace_id, id, activeness FROM contacts WHERE activeness != 0 ORDER BY workspace_id, id;
                INSERT INTO contact_stages (workspace_id, contact_id, stage, time, event_id)
                SELECT workspace_id, id, stage, stage_time, stage_event_id FROM contacts WHERE stage IS NOT NULL
                ORDER BY workspace_id, id;
                ALTER TABLE contacts DROP COLUMN activeness;
                ALTER TABLE contacts DROP COLUMN stage;
                ALTER TABLE contacts DROP COLUMN stage_time;
                ALTER TABLE contacts DROP COLUMN stage_event_id;
                """)
        }
    }
}

extension SQLiteMigrations {
    /// `contact_activeness` holds each contact's scores up to the event `activeness_folded.event_id`;
    /// later scores are read from the events and folded in thousands at a time
    /// (``SQLiteStore/foldActivenessIfDue(_:interval:)``). Until now every event was counted as it
    /// was recorded, so the mark starts at the last event. One row: event ids are global to the
    /// store, so one mark serves every workspace.
    static func registerActivenessFolding(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("rollups: activeness folded in batches") { db in
            try db.execute(sql: """
                CREATE TABLE activeness_folded (event_id INTEGER NOT NULL);
                INSERT INTO activeness_folded (event_id) SELECT COALESCE(MAX(id), 0) FROM events;
                """)
        }
    }
}
