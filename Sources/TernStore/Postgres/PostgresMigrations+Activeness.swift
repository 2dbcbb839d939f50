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

extension PostgresMigrations {
    /// Folded activeness in rows of 128 contacts (`activeness_buckets`, see PostgresStore+Activeness):
    /// a fold then writes one row per bucket it touches instead of one per contact. What
    /// `contact_activeness` held moves into the buckets. `tern_add_slots` adds `deltas` at `slots`
    /// (1-based) of `sums`, in place: PL/pgSQL keeps the array expanded while it assigns elements.
    static let activenessBuckets = Migration(version: 10, name: "activeness folded in buckets of 128 contacts", statements: [
        """
        CREATE FUNCTION tern_add_slots(sums bigint[], slots integer[], deltas bigint[]) RETURNS bigint[]
        LANGUAGE plpgsql IMMUTABLE STRICT AS $$
        BEGIN
            FOR i IN 1..cardinality(slots) LOOP
                sums[slots[i]] := sums[slots[i]] + deltas[i];
            END LOOP;
            RETURN sums;
        END
        $$
        """,
        """
        CREATE TABLE activeness_buckets (
            workspace_id bigint NOT NULL,
            bucket bigint NOT NULL,
            sums bigint[] NOT NULL,
            PRIMARY KEY (workspace_id, bucket)
        )
        """,
        """
        INSERT INTO activeness_buckets (workspace_id, bucket, sums)
        SELECT workspace_id, contact_id / 128,
            tern_add_slots(array_fill(0::bigint, ARRAY[128]), array_agg((contact_id % 128)::integer + 1), array_agg(folded))
        FROM contact_activeness GROUP BY workspace_id, contact_id / 128
        """,
        "DROP TABLE contact_activeness",
    ])
}
