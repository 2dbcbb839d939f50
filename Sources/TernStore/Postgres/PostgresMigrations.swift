import Logging
import PostgresNIO

/// The PostgreSQL schema as numbered, ordered, append-only migrations: never edit a shipped one,
/// add one. Applied versions are kept in `tern_migrations`; nodes starting together take turns
/// through a session advisory lock, so each migration runs once.
enum PostgresMigrations {
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]
    }

    static let all: [Migration] = [v1, previousUserIds, jobs, contactsFillfactor, savedSegments, materials, activenessFolded, identityChanges, lockForRecording, activenessBuckets]

    /// Creates `schema` if one is configured, then applies every migration not applied yet, up to
    /// version `last` (tests stop early to build a database as an older version left it). A
    /// database that holds a migration this build does not know is refused (``SchemaTooNew``).
    static func migrate(_ connection: PostgresConnection, schema: String?, through last: Int = .max, logger: Logger) async throws {
        // Keyed by the search path, not current_schema(), which is NULL while the schema does not exist.
        try await connection.run("SELECT pg_advisory_lock(hashtext(current_setting('search_path')), 1)", logger)
        do {
            if let schema {
                // `schema` passed Configuration.setSchema: lower-case letters, digits and _ only.
                try await connection.run(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger)
            }
            try await connection.run("""
                CREATE TABLE IF NOT EXISTS tern_migrations (
                    version integer PRIMARY KEY,
                    name text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, logger)
            let applied = Set(try await connection.all("SELECT version FROM tern_migrations", logger).map { try $0.decode(Int.self) })
            let unknown = applied.subtracting(all.map(\.version))
            if !unknown.isEmpty { throw SchemaTooNew(unknownMigrations: unknown.sorted().map { "version \($0)" }) }
            for migration in all where !applied.contains(migration.version) && migration.version <= last {
                logger.info("applying migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                try await connection.run("BEGIN", logger)
                do {
                    for statement in migration.statements {
                        try await connection.run(PostgresQuery(unsafeSQL: statement), logger)
                    }
                    try await connection.run(
                        "INSERT INTO tern_migrations (version, name) VALUES (\(migration.version), \(migration.name))", logger)
                    try await connection.run("COMMIT", logger)
                } catch {
                    _ = try? await connection.run("ROLLBACK", logger)
                    throw error
                }
            }
        } catch {
            _ = try? await connection.run("SELECT pg_advisory_unlock(hashtext(current_setting('search_path')), 1)", logger)
            throw error
        }
        try await connection.run("SELECT pg_advisory_unlock(hashtext(current_setting('search_path')), 1)", logger)
    }

    /// Workspaces, keys, definitions and their groups, contacts with their rollups and anonymous ids,
    /// events partitioned by month, messageIds, the quarantine. (SQLite reached the same shape in four
    /// migrations.)
    static let v1 = Migration(version: 1, name: "workspaces, keys, definitions, groups, contacts, events, rollups", statements: [
        """
        CREATE TABLE workspaces (
            id bigserial PRIMARY KEY,
            name text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE api_keys (
            hash text PRIMARY KEY,
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            scope text NOT NULL,
            label text NOT NULL,
            created_at bigint NOT NULL
        )
        """,
        """
        CREATE TABLE workspace_settings (
            workspace_id bigint PRIMARY KEY REFERENCES workspaces(id),
            activeness_levels text,
            stages text,
            allowed_origins text
        )
        """,
        """
        CREATE TABLE event_groups (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            name text NOT NULL,
            name_key text COLLATE "C" NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            UNIQUE (workspace_id, name_key)
        )
        """,
        // Names and keys compare byte by byte (COLLATE "C"), as in SQLite: the same order and
        // cursors on both stores, whatever the database's locale.
        """
        CREATE TABLE event_definitions (
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            id text COLLATE "C" NOT NULL,
            name text NOT NULL,
            name_key text COLLATE "C" NOT NULL,
            direction text NOT NULL,
            score bigint NOT NULL,
            stage text,
            group_id bigint,
            description text,
            properties text NOT NULL,
            system boolean NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            PRIMARY KEY (workspace_id, id),
            UNIQUE (workspace_id, name_key)
        )
        """,
        """
        CREATE TABLE contacts (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL REFERENCES workspaces(id),
            phone text,
            external_id text,
            email text,
            attributes text NOT NULL,
            created_at bigint NOT NULL,
            updated_at bigint NOT NULL,
            activeness bigint NOT NULL DEFAULT 0,
            stage text,
            stage_time bigint NOT NULL DEFAULT 0,
            stage_event_id bigint NOT NULL DEFAULT 0
        )
        """,
        "CREATE INDEX contacts_workspace ON contacts (workspace_id, id)",
        "CREATE UNIQUE INDEX contacts_phone ON contacts (workspace_id, phone) WHERE phone IS NOT NULL",
        "CREATE UNIQUE INDEX contacts_external_id ON contacts (workspace_id, external_id) WHERE external_id IS NOT NULL",
        "CREATE UNIQUE INDEX contacts_email ON contacts (workspace_id, email) WHERE email IS NOT NULL",
        // Events: range partitions by month of `time` (UTC ms), created by Tern (EventPartitions).
        // Ids come from one sequence, taken under the workspace's lock (see lockWorkspace).
        "CREATE SEQUENCE events_id_seq AS bigint",
        """
        CREATE TABLE events (
            id bigint NOT NULL DEFAULT nextval('events_id_seq'),
            workspace_id bigint NOT NULL,
            contact_id bigint NOT NULL,
            event text COLLATE "C" NOT NULL,
            time bigint NOT NULL,
            received_at bigint NOT NULL,
            properties text NOT NULL,
            content_tags text,
            message_id text,
            source text NOT NULL,
            score bigint NOT NULL,
            stage text,
            recorded_by text
        ) PARTITION BY RANGE (time)
        """,
        // The event list pages by id; the timeline by (time, id) per contact; per-event questions by time.
        "CREATE INDEX events_by_id ON events (workspace_id, id)",
        "CREATE INDEX events_timeline ON events (workspace_id, contact_id, time, id)",
        "CREATE INDEX events_by_event ON events (workspace_id, event, time)",
        // A unique index on a partitioned table must include the partition key, so messageId
        // uniqueness across partitions lives in its own table (docs/decisions.md).
        """
        CREATE TABLE event_message_ids (
            workspace_id bigint NOT NULL,
            message_id text NOT NULL,
            event_id bigint NOT NULL,
            contact_id bigint NOT NULL,
            PRIMARY KEY (workspace_id, message_id)
        )
        """,
        "CREATE INDEX event_message_ids_by_contact ON event_message_ids (workspace_id, contact_id)",
        """
        CREATE TABLE contact_tags (
            workspace_id bigint NOT NULL,
            contact_id bigint NOT NULL,
            tag text COLLATE "C" NOT NULL,
            count bigint NOT NULL,
            PRIMARY KEY (workspace_id, contact_id, tag)
        )
        """,
        "CREATE INDEX contact_tags_by_tag ON contact_tags (workspace_id, tag, contact_id)",
        """
        CREATE TABLE stage_history (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL,
            contact_id bigint NOT NULL,
            from_stage text,
            to_stage text NOT NULL,
            event text NOT NULL,
            event_id bigint NOT NULL,
            time bigint NOT NULL
        )
        """,
        "CREATE INDEX stage_history_by_contact ON stage_history (workspace_id, contact_id, id)",
        // Anonymous ids: many per contact, for identity merges.
        """
        CREATE TABLE contact_anonymous_ids (
            workspace_id bigint NOT NULL,
            anonymous_id text COLLATE "C" NOT NULL,
            contact_id bigint NOT NULL,
            PRIMARY KEY (workspace_id, anonymous_id)
        )
        """,
        "CREATE INDEX contact_anonymous_ids_by_contact ON contact_anonymous_ids (workspace_id, contact_id)",
        // The quarantine: messages the Segment-compatible routes could not record, kept as they came.
        """
        CREATE TABLE rejected_events (
            id bigserial PRIMARY KEY,
            workspace_id bigint NOT NULL,
            received_at bigint NOT NULL,
            sent_at bigint,
            reason text NOT NULL,
            event text,
            message_id text,
            type text,
            source text NOT NULL,
            errors text NOT NULL,
            payload text NOT NULL,
            replayed_event_id bigint
        )
        """,
        "CREATE INDEX rejected_events_by_time ON rejected_events (workspace_id, received_at)",
        "CREATE INDEX rejected_events_by_reason ON rejected_events (workspace_id, reason)",
    ])
}
