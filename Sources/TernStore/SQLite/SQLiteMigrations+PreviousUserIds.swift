import GRDB

extension SQLiteMigrations {
    /// The userIds a contact had before an alias merged it into another, so later events under
    /// an old userId land on the merged contact.
    static func registerPreviousUserIds(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("identity: previous user ids") { db in
            try db.execute(sql: """
                CREATE TABLE contact_previous_user_ids (
                    workspace_id INTEGER NOT NULL,
                    user_id TEXT NOT NULL,
                    contact_id INTEGER NOT NULL,
                    PRIMARY KEY (workspace_id, user_id)
                ) WITHOUT ROWID;
                CREATE INDEX contact_previous_user_ids_by_contact ON contact_previous_user_ids(workspace_id, contact_id);
                """)
        }
    }
}
