extension PostgresMigrations {
    /// Saved segments: a named filter per row, kept as the JSON text the client wrote (as text, like
    /// every other JSON column, so `\u0000` inside it stays legal).
    static let savedSegments = Migration(version: 5, name: "saved segments", statements: [
        """
        CREATE TABLE saved_segments (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            name text NOT NULL,
            name_key text COLLATE "C" NOT NULL,
            description text,
            filter text NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            UNIQUE (workspace_id, name_key)
        )
        """,
        "CREATE INDEX saved_segments_by_workspace ON saved_segments (workspace_id, id)",
    ])
}
