extension PostgresMigrations {
    /// Activeness leaves `contacts`: recording no longer updates it (see PostgresStore+Activeness).
    /// `contact_activeness` holds the scores of each contact's events up to its workspace's mark in
    /// `activeness_folded`; what the column held is moved there, with every workspace's newest event
    /// as its mark.
    static let activenessFolded = Migration(version: 7, name: "activeness folded in the background", statements: [
        """
        CREATE TABLE contact_activeness (
            workspace_id bigint NOT NULL,
            contact_id bigint NOT NULL,
            folded bigint NOT NULL,
            PRIMARY KEY (workspace_id, contact_id)
        )
        """,
        "INSERT INTO contact_activeness (workspace_id, contact_id, folded) SELECT workspace_id, id, activeness FROM contacts WHERE activeness <> 0",
        "CREATE TABLE activeness_folded (workspace_id bigint PRIMARY KEY, event_id bigint NOT NULL)",
        "INSERT INTO activeness_folded (workspace_id, event_id) SELECT workspace_id, MAX(id) FROM events GROUP BY workspace_id",
        "ALTER TABLE contacts DROP COLUMN activeness",
    ])
}
