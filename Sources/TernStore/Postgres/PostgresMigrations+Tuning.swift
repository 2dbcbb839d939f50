extension PostgresMigrations {
    /// Contacts are rewritten by every event that scores: room left in each page lets PostgreSQL
    /// update a contact in place (a HOT update) without touching its five indexes.
    static let contactsFillfactor = Migration(version: 4, name: "contacts: fillfactor 80", statements: [
        "ALTER TABLE contacts SET (fillfactor = 80)",
    ])
}
