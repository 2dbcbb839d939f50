extension PostgresMigrations {
    /// Counts, per workspace, the changes that can make a remembered identifier name the wrong
    /// contact: a contact deleted (merged away or erased) or its phone, externalId or email changed.
    /// Nodes remember identifiers they looked up (``IdentityCache``) for as long as the count stays
    /// the same. A trigger keeps the count, so no code path that changes contacts can forget to.
    /// Creating a contact is not counted: it changes no identifier a node remembers.
    static let identityChanges = Migration(version: 8, name: "identity changes counted for the identifier cache", statements: [
        "CREATE TABLE contact_identity_changes (workspace_id bigint PRIMARY KEY, changes bigint NOT NULL)",
        """
        CREATE FUNCTION tern_count_identity_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO contact_identity_changes AS c (workspace_id, changes) VALUES (OLD.workspace_id, 1)
            ON CONFLICT (workspace_id) DO UPDATE SET changes = c.changes + 1;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER contacts_identity_deleted AFTER DELETE ON contacts
        FOR EACH ROW EXECUTE FUNCTION tern_count_identity_change()
        """,
        """
        CREATE TRIGGER contacts_identity_changed AFTER UPDATE OF phone, external_id, email ON contacts
        FOR EACH ROW WHEN (OLD.phone IS DISTINCT FROM NEW.phone OR OLD.external_id IS DISTINCT FROM NEW.external_id
            OR OLD.email IS DISTINCT FROM NEW.email)
        EXECUTE FUNCTION tern_count_identity_change()
        """,
    ])
}

extension PostgresMigrations {
    /// Recording takes the workspace lock (PostgresStore.lockWorkspace) and reads the count in one
    /// round trip. A function's statements each take a new snapshot, so the count is read after the
    /// lock is granted. `OR REPLACE`: for a few commits migration 8 created the function itself.
    static let lockForRecording = Migration(version: 9, name: "the recording lock and the identity count in one call", statements: [
        """
        CREATE OR REPLACE FUNCTION tern_lock_for_recording(lock_key bigint, workspace bigint) RETURNS bigint LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(lock_key);
            RETURN COALESCE((SELECT changes FROM contact_identity_changes WHERE workspace_id = workspace), 0);
        END
        $$
        """,
    ])
}
