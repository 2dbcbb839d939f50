extension PostgresMigrations {
    /// The userIds a contact had before an alias merged it into another, so later events under
    /// an old userId land on the merged contact.
    static let previousUserIds = Migration(version: 2, name: "identity: previous user ids", statements: [
        """
        CREATE TABLE contact_previous_user_ids (
            workspace_id bigint NOT NULL,
            user_id text NOT NULL,
            contact_id bigint NOT NULL,
            PRIMARY KEY (workspace_id, user_id)
        )
        """,
        "CREATE INDEX contact_previous_user_ids_by_contact ON contact_previous_user_ids (workspace_id, contact_id)",
    ])
}
