// The storage limit for event ingestion: how fast the rows the server writes for
// `POST /v1/events/batch` go into a bare SQLite file from a tight loop, with no HTTP, no JSON
// parsing and no validation in the way.
//
// What one measured event includes, exactly as `SQLiteStore.record` does it per event:
// - look the contact up by `external_id` through the unique partial index `contacts_external_id`;
// - on first sight, insert the contact (after a second lookup, as `insertContact` does) and a
//   `contact_created` row in `events`;
// - insert the event row into `events`, which has the server's three indexes (timeline,
//   by_event, unique partial message_id);
// - the activeness rollup as `SQLiteStore.record` keeps it: the score counts from the event row
//   until 16,384 events have gathered, then the commit folds them into `contact_activeness` in one
//   grouped statement (the event has no stage and no content tags, the other rollups).
// The schema of `contacts` and `events`, WAL and GRDB's default page cache are the server's.
// Rows (contacts, time offsets, property JSON text) are generated before the clock starts; the
// property text is written by TernCore exactly as the server stores it.
//
// Durability: every commit size is measured with `synchronous = FULL` (the WAL is fsynced at each
// commit: what the server does) and `NORMAL` (no fsync at commit, for comparison). GRDB's
// `DatabasePool` sets NORMAL when it switches to WAL, after `prepareDatabase`, so the mode is set
// after the pool is open and read back, as the server does.
// An event's time is the commit's second minus a random offset below `--time-spread` seconds:
// 0 (the default) is live traffic, 86400 a backfill of the last day in random order.
//
//     tern-bench [--rows N] [--contacts N] [--dir DIR] [--commits 100,1000,10000]
//                [--synchronous full,normal] [--time-spread S] [--seed N] [--cache-mib N]
//                [--no-rollups] [--known-contacts] [--autocheckpoint PAGES]
//
// To see where the time goes: `--cache-mib` sets `PRAGMA cache_size` (64 MiB by default, as in
// the server; SQLite's own default is 2 MiB); `--no-rollups` leaves out the activeness update
// (as `tern serve --no-rollups`); `--known-contacts` creates every contact before the clock
// starts, so no event is a first sight; `--autocheckpoint` sets `PRAGMA wal_autocheckpoint`
// (16,384 pages by default, as in the server; SQLite's own default is 1,000).

import Foundation
import GRDB
import TernCore

struct Options {
    var rows = 1_000_000
    var contacts = 100_000
    var directory = NSTemporaryDirectory() + "tern-bench-\(ProcessInfo.processInfo.processIdentifier)"
    var commitSizes = [100, 1_000, 10_000]
    var synchronousModes = ["FULL", "NORMAL"]
    var timeSpread = 0
    var seed: UInt64 = 42
    var cacheMiB = 64
    var rollups = true
    var knownContacts = false
    /// WAL pages between checkpoints; the server's by default.
    var autocheckpoint = 16_384

    init(_ arguments: [String]) throws {
        var rest = arguments.dropFirst()
        while let flag = rest.popFirst() {
            switch flag {
            case "--no-rollups": rollups = false; continue
            case "--known-contacts": knownContacts = true; continue
            default: break
            }
            guard let value = rest.popFirst() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--rows": rows = try Self.positive(value, flag)
            case "--contacts": contacts = try Self.positive(value, flag)
            case "--dir": directory = value
            case "--commits": commitSizes = try value.split(separator: ",").map { try Self.positive(String($0), flag) }
            case "--synchronous":
                synchronousModes = value.uppercased().split(separator: ",").map(String.init)
                guard synchronousModes.allSatisfy(["FULL", "NORMAL"].contains) else {
                    throw BenchError("--synchronous takes full, normal or both, not \(value)")
                }
            case "--time-spread": timeSpread = try Self.nonNegative(value, flag)
            case "--seed": seed = UInt64(try Self.positive(value, flag))
            case "--cache-mib": cacheMiB = try Self.positive(value, flag)
            case "--autocheckpoint": autocheckpoint = try Self.nonNegative(value, flag)
            default: throw BenchError("unknown option \(flag)")
            }
        }
    }

    static func positive(_ text: String, _ flag: String) throws -> Int {
        let value = try nonNegative(text, flag)
        guard value > 0 else { throw BenchError("\(flag) needs a positive integer, not \(text)") }
        return value
    }

    static func nonNegative(_ text: String, _ flag: String) throws -> Int {
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")), value >= 0 else {
            throw BenchError("\(flag) needs a non-negative integer, not \(text)")
        }
        return value
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// SplitMix64: a fixed seed gives the same rows in every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One `cl_order_completed` event as the validator hands it to the store.
struct EventRow {
    var contact: Int
    /// Milliseconds before the commit's second.
    var age: Int64
    var properties: String
}

/// The same distributions as `bench/events.lua`: a contact drawn uniformly from `contacts`,
/// an age below `timeSpread` seconds, a price with one decimal, one of 5,000 SKUs, one of 100,000 URLs.
func makeRows(_ options: Options) -> [EventRow] {
    var random = SeededGenerator(state: options.seed)
    return (0..<options.rows).map { _ in
        let properties: [String: PropertyValue] = [
            "cl_price": .number(tenths: Int64.random(in: 1...99_999, using: &random)),
            "cl_sku": .string("SKU-\(Int.random(in: 1...5_000, using: &random))"),
            "cl_url": .url("https://shop.example/p/\(Int.random(in: 1...100_000, using: &random))"),
        ]
        return EventRow(
            contact: Int.random(in: 0..<options.contacts, using: &random),
            age: options.timeSpread == 0 ? 0 : Int64.random(in: 0..<Int64(options.timeSpread), using: &random) * 1_000,
            properties: JSONWriter.string(.object(JSONObject(properties.mapValues(\.storedJSON)))))
    }
}

/// The server's tables and indexes (`SQLiteMigrations`, as the last migration leaves them) that an event write touches.
enum Schema {
    static let sql = """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            workspace_id INTEGER NOT NULL,
            phone TEXT,
            external_id TEXT,
            email TEXT,
            attributes TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX contacts_phone ON contacts(workspace_id, phone) WHERE phone IS NOT NULL;
        CREATE UNIQUE INDEX contacts_external_id ON contacts(workspace_id, external_id) WHERE external_id IS NOT NULL;
        CREATE UNIQUE INDEX contacts_email ON contacts(workspace_id, email) WHERE email IS NOT NULL;
        CREATE TABLE events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            workspace_id INTEGER NOT NULL,
            contact_id INTEGER NOT NULL,
            event TEXT NOT NULL,
            time INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            properties TEXT NOT NULL,
            content_tags TEXT,
            message_id TEXT,
            source TEXT NOT NULL,
            score INTEGER NOT NULL,
            stage TEXT,
            recorded_by TEXT
        );
        CREATE INDEX events_timeline ON events(workspace_id, contact_id, time);
        CREATE INDEX events_by_event ON events(workspace_id, event, time);
        CREATE UNIQUE INDEX events_message_id ON events(workspace_id, message_id) WHERE message_id IS NOT NULL;
        CREATE TABLE contact_activeness (
            workspace_id INTEGER NOT NULL,
            contact_id INTEGER NOT NULL,
            activeness INTEGER NOT NULL,
            PRIMARY KEY (workspace_id, contact_id)
        ) WITHOUT ROWID;
        CREATE TABLE activeness_folded (event_id INTEGER NOT NULL);
        INSERT INTO activeness_folded (event_id) VALUES (0);
        """
}

struct Measurement {
    var seconds: Double
    var contactsCreated: Int
}

/// Writes every row into a fresh file, committing every `rowsPerCommit` events.
func measure(
    _ rows: [EventRow], externalIds: [String], rowsPerCommit: Int, synchronous: String, options: Options, path: String
) throws -> Measurement {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    var configuration = Configuration()
    let cacheMiB = options.cacheMiB
    configuration.prepareDatabase { db in
        try db.execute(sql: "PRAGMA cache_size = -\(cacheMiB * 1024)")
    }
    let pool = try DatabasePool(path: path, configuration: configuration)
    defer { try? pool.close() }
    try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        try db.execute(sql: "PRAGMA wal_autocheckpoint = \(options.autocheckpoint)")
        let level = try Int.fetchOne(db, sql: "PRAGMA synchronous")
        guard level == (synchronous == "FULL" ? 2 : 1) else { throw BenchError("PRAGMA synchronous is \(level ?? -1)") }
        try db.execute(sql: Schema.sql)
        if options.knownContacts {
            let insert = try db.makeStatement(sql: """
                INSERT INTO contacts (workspace_id, external_id, attributes, created_at, updated_at) VALUES (1, ?, '{}', 0, 0)
                """)
            try db.inTransaction {
                for externalId in externalIds.shuffled() { try insert.execute(arguments: [externalId]) }
                return .commit
            }
        }
    }

    let workspaceId: Int64 = 1
    var contactsCreated = 0
    let clock = ContinuousClock()
    let start = clock.now
    try pool.writeWithoutTransaction { db in
        let findContact = try db.makeStatement(sql: "SELECT id FROM contacts WHERE workspace_id = ? AND external_id = ?")
        let insertContact = try db.makeStatement(sql: """
            INSERT INTO contacts (workspace_id, phone, external_id, email, attributes, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        let insertEvent = try db.makeStatement(sql: """
            INSERT INTO events (workspace_id, contact_id, event, time, received_at, properties, content_tags, message_id,
                source, score, stage, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // SQLiteStore.foldActivenessIfDue, with its default interval.
        let folded = try db.makeStatement(sql: "SELECT event_id FROM activeness_folded")
        let lastEvent = try db.makeStatement(sql: "SELECT seq FROM sqlite_sequence WHERE name = 'events'")
        let fold = try db.makeStatement(sql: """
            INSERT INTO contact_activeness (workspace_id, contact_id, activeness)
            SELECT workspace_id, contact_id, SUM(score) FROM events WHERE id > ? AND id <= ? AND score != 0
            GROUP BY workspace_id, contact_id
            ON CONFLICT (workspace_id, contact_id) DO UPDATE SET activeness = activeness + excluded.activeness
            """)
        let markFolded = try db.makeStatement(sql: "UPDATE activeness_folded SET event_id = ?")
        for chunkStart in stride(from: 0, to: rows.count, by: rowsPerCommit) {
            let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
            let second = receivedAt - receivedAt % 1_000
            try db.inTransaction {
                for row in rows[chunkStart..<min(chunkStart + rowsPerCommit, rows.count)] {
                    let externalId = externalIds[row.contact]
                    var contactId = try Int64.fetchOne(findContact, arguments: [workspaceId, externalId])
                    if contactId == nil {
                        _ = try Int64.fetchOne(findContact, arguments: [workspaceId, externalId])
                        try insertContact.execute(arguments: [workspaceId, nil, externalId, nil, "{}", receivedAt, receivedAt])
                        contactId = db.lastInsertedRowID
                        try insertEvent.execute(arguments: [
                            workspaceId, contactId, "contact_created", receivedAt, receivedAt, "{}", nil, nil, "system", 0, nil, nil,
                        ])
                        contactsCreated += 1
                    }
                    try insertEvent.execute(arguments: [
                        workspaceId, contactId, "cl_order_completed", second - row.age, receivedAt, row.properties, nil, nil, "api", 10,
                        nil, nil,
                    ])
                }
                if options.rollups {
                    let from = try Int64.fetchOne(folded) ?? 0, last = try Int64.fetchOne(lastEvent) ?? 0
                    if last - from >= 16_384 {
                        try fold.execute(arguments: [from, last])
                        try markFolded.execute(arguments: [last])
                    }
                }
                return .commit
            }
        }
    }
    let elapsed = start.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Measurement(seconds: seconds, contactsCreated: contactsCreated)
}

do {
    let options = try Options(CommandLine.arguments)
    try FileManager.default.createDirectory(atPath: options.directory, withIntermediateDirectories: true)
    let rows = makeRows(options)
    let externalIds = (0..<options.contacts).map { "u\($0)" }
    print("storage limit: \(options.rows) cl_order_completed events, \(options.contacts) distinct contacts in random order,")
    print("  per event: contact lookup by external_id (+ contact insert and contact_created row on first sight),")
    print("  event insert\(options.rollups ? ", activeness rollup folded every 16,384 events" : " (no rollup update: --no-rollups)");")
    if options.knownContacts { print("  every contact exists before the clock starts (--known-contacts)") }
    print("  WAL, events with 3 indexes, contacts with 3 unique indexes; files in \(options.directory)")
    print("  event times: \(options.timeSpread == 0 ? "now (live traffic)" : "random in the last \(options.timeSpread) s")")
    print("  page cache: \(options.cacheMiB) MiB, checkpoint every \(options.autocheckpoint) WAL pages")
    for synchronous in options.synchronousModes {
        for size in options.commitSizes {
            let path = (options.directory as NSString).appendingPathComponent("limit-\(size).sqlite")
            let result = try measure(
                rows, externalIds: externalIds, rowsPerCommit: size, synchronous: synchronous, options: options,
                path: path)
            let rate = Double(options.rows) / result.seconds
            let totalRows = options.rows + 2 * result.contactsCreated
            print(String(
                format: "LIMIT synchronous=%@ rows_per_commit=%d events_per_s=%.0f seconds=%.2f contacts_created=%d sqlite_rows_written=%d",
                synchronous, size, rate, result.seconds, result.contactsCreated, totalRows))
        }
    }
} catch {
    FileHandle.standardError.write(Data("tern-bench: \(error)\n".utf8))
    exit(1)
}
