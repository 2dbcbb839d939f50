import GRDB

/// Audiences and analytics on SQLite read events from memory: per workspace, each event kind's
/// (time, id, contact) as columns sorted by time, and the workspace's contact ids. Counting the
/// contacts who did something in 30 days, or a funnel over 90 days, then scans arrays instead of
/// millions of index entries (docs/decisions.md, "Audiences read a columnar projection").
///
/// The projection follows the database rather than the writers: before answering, it reads what
/// was committed since it last looked (events and contacts with larger ids; SQLite commits them
/// in id order and never reuses ids), so ingestion pays nothing and a query sees every event
/// acknowledged before it. Deleting or merging contacts rewrites old rows; those bump the
/// workspace's `events_generation`, and a changed generation makes the projection read the
/// workspace again.
actor EventProjection {
    private var snapshots: [Int64: WorkspaceEvents] = [:]
    private var refreshes: [Int64: Task<WorkspaceEvents, any Error>] = [:]

    /// The workspace's events as committed when this was called.
    func events(workspaceId: Int64, pool: DatabasePool) async throws -> WorkspaceEvents {
        // A refresh under way may have read before this call: wait for it, then read what follows.
        if let running = refreshes[workspaceId] { _ = try? await running.value }
        let base = snapshots[workspaceId]
        let refresh = Task { try await pool.read { db in try WorkspaceEvents.read(db, workspaceId: workspaceId, after: base) } }
        refreshes[workspaceId] = refresh
        let fresh: WorkspaceEvents
        do {
            fresh = try await refresh.value
        } catch {
            if refreshes[workspaceId] == refresh { refreshes[workspaceId] = nil }
            throw error
        }
        if refreshes[workspaceId] == refresh { refreshes[workspaceId] = nil }
        if let stored = snapshots[workspaceId], !fresh.isNewer(than: stored) { return fresh }
        snapshots[workspaceId] = fresh
        return fresh
    }
}

/// One workspace's events and contacts, as of one read.
struct WorkspaceEvents: Sendable {
    var generation: Int64 = 0
    var lastEventId: Int64 = 0
    var lastContactId: Int64 = 0
    /// Ascending.
    var contactIds: [Int64] = []
    var kinds: [String: EventOccurrences] = [:]

    func isNewer(than other: WorkspaceEvents) -> Bool {
        (generation, lastEventId, lastContactId) > (other.generation, other.lastEventId, other.lastContactId)
    }

    /// The events of one kind in `[from, to)`.
    func occurrences(of event: String, from: Int64, to: Int64) -> EventOccurrences {
        guard let columns = kinds[event] else { return EventOccurrences() }
        let times = columns.times
        func firstIndex(atOrAfter time: Int64) -> Int {
            var low = 0, high = times.count
            while low < high {
                let mid = (low + high) / 2
                if times[mid] < time { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let lower = firstIndex(atOrAfter: from)
        let range = lower..<max(lower, firstIndex(atOrAfter: to))
        if range.count == times.count { return columns }
        return EventOccurrences(ids: Array(columns.ids[range]), contactIds: Array(columns.contactIds[range]), times: Array(times[range]))
    }

    /// `base` brought up to date, or the workspace read whole when there is no base or its
    /// generation is gone.
    static func read(_ db: Database, workspaceId: Int64, after base: WorkspaceEvents?) throws -> WorkspaceEvents {
        let generation = try Int64.fetchOne(
            db, sql: "SELECT events_generation FROM workspaces WHERE id = ?", arguments: [workspaceId]) ?? 0
        var events = base.flatMap { $0.generation == generation ? $0 : nil } ?? WorkspaceEvents(generation: generation)

        let newContacts = try Int64.fetchAll(
            db, sql: "SELECT id FROM contacts WHERE id > ? AND +workspace_id = ? ORDER BY id",
            arguments: [events.lastContactId, workspaceId])
        events.contactIds += newContacts
        events.lastContactId = newContacts.last ?? events.lastContactId

        // `+workspace_id`: read by rowid from the last id seen. Left to itself, SQLite prefers an
        // index on workspace_id, which reads every event of the workspace and sorts them.
        var added: [String: EventOccurrences] = [:]
        let rows = try Row.fetchCursor(
            db, sql: "SELECT id, event, contact_id, time FROM events WHERE id > ? AND +workspace_id = ? ORDER BY id",
            arguments: [events.lastEventId, workspaceId])
        while let row = try rows.next() {
            let id: Int64 = row[0]
            added[row[1], default: EventOccurrences()].append(id: id, contactId: row[2], time: row[3])
            events.lastEventId = id
        }
        for (event, new) in added {
            events.kinds[event] = merge(events.kinds[event] ?? EventOccurrences(), sorted(new))
        }
        return events
    }

    /// The columns ordered by (time, id).
    static func sorted(_ columns: EventOccurrences) -> EventOccurrences {
        // Rows are read in id order, which is mostly time order.
        if zip(columns.times, columns.times.dropFirst()).allSatisfy({ $0 <= $1 }) { return columns }
        let rows = (0..<columns.count).map { (time: columns.times[$0], id: columns.ids[$0], contactId: columns.contactIds[$0]) }
            .sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        return EventOccurrences(ids: rows.map(\.id), contactIds: rows.map(\.contactId), times: rows.map(\.time))
    }

    /// Two runs sorted by (time, id) as one. New events usually come after the old ones in time:
    /// then this is an append.
    static func merge(_ old: EventOccurrences, _ new: EventOccurrences) -> EventOccurrences {
        guard let firstNew = new.times.first else { return old }
        if let lastOld = old.times.last, (lastOld, old.ids[old.count - 1]) > (firstNew, new.ids[0]) {
            var merged = EventOccurrences()
            merged.ids.reserveCapacity(old.count + new.count)
            merged.contactIds.reserveCapacity(old.count + new.count)
            merged.times.reserveCapacity(old.count + new.count)
            var i = 0, j = 0
            while i < old.count || j < new.count {
                let takeOld = j == new.count || (i < old.count && (old.times[i], old.ids[i]) < (new.times[j], new.ids[j]))
                if takeOld {
                    merged.append(id: old.ids[i], contactId: old.contactIds[i], time: old.times[i])
                    i += 1
                } else {
                    merged.append(id: new.ids[j], contactId: new.contactIds[j], time: new.times[j])
                    j += 1
                }
            }
            return merged
        }
        var appended = old
        appended.ids += new.ids
        appended.contactIds += new.contactIds
        appended.times += new.times
        return appended
    }
}
