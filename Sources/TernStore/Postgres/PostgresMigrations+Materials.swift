extension PostgresMigrations {
    /// Materials (what events happen on, with content tags) and the material an event names.
    /// Ids compare byte by byte (COLLATE "C"), so the list pages in SQLite's order.
    static let materials = Migration(version: 6, name: "materials", statements: [
        """
        CREATE TABLE materials (
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            id text COLLATE "C" NOT NULL,
            name text NOT NULL,
            content_tags text NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (workspace_id, id)
        )
        """,
        "ALTER TABLE events ADD COLUMN material_id text COLLATE \"C\"",
    ])
}
