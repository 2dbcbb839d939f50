/// Checking a filled template (see ``DefinitionCSV``) before anything is written.
///
/// Each event's lines become one `POST /v1/event-definitions` body and go through
/// ``EventDefinition/create(from:now:)``, so the import obeys exactly the rules of the API; its
/// JSON paths are turned back into line numbers and column names. On top of those rules the file
/// must have the template's header, the lines of one event must agree on the event columns, and
/// no id or name may already be used, in the workspace or earlier in the file.
///
/// Every problem is reported, each as a ``FieldError`` whose field is `line N` (lines count as a
/// spreadsheet counts rows: the header is line 1) and whose message starts with the column:
///
/// ```swift
/// do {
///     let plan = try DefinitionImport.plan(csv: bytes, existing: current, now: now)
///     plan.definitions   // ready to be created in one transaction
/// } catch {
///     error.errors       // [line 7: "event_id: must match ^cl_[a-z0-9_]{1,60}$", ...]
/// }
/// ```
public enum DefinitionImport {
    public typealias Column = DefinitionCSV.Column

    /// The definitions a file creates, and the lines each came from.
    ///
    /// - Parameters:
    ///   - existing: the workspace's definitions, system ones included: their ids and names are taken.
    ///   - stages: the stages a definition may push, when the workspace restricts them.
    ///   - progress: called now and then with the number of events checked and the total.
    public static func plan(
        csv bytes: [UInt8], existing: [EventDefinition], stages: [String]? = nil, now: Int64,
        progress: ((_ checked: Int, _ total: Int) -> Void)? = nil
    ) throws(ValidationFailure) -> DefinitionImportPlan {
        let records: [CSVRecord]
        do { records = try CSV.records(bytes) } catch { throw ValidationFailure([problem(line: error.line, error.message)]) }
        guard let head = records.first else {
            throw ValidationFailure([problem(line: 1, "the file is empty; its first line must be the template's header: \(CSV.line(DefinitionCSV.header))")])
        }
        try checkHeader(head)

        var problems = Problems()
        var order: [String] = []
        var linesByID: [String: [CSVRecord]] = [:]
        for record in records.dropFirst() where !record.fields.allSatisfy(\.isEmpty) {
            guard record.fields.count == DefinitionCSV.header.count else {
                problems.add(record.line, "has \(record.fields.count) fields; the template has \(DefinitionCSV.header.count) columns")
                continue
            }
            let id = record.fields[Column.eventID.index]
            if id.isEmpty {
                problems.add(record.line, "\(Column.eventID.rawValue): is required")
                continue
            }
            if linesByID[id] == nil { order.append(id) }
            linesByID[id, default: []].append(record)
        }

        let takenIDs = Set(existing.map(\.id))
        var takenNames = Dictionary(existing.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { first, _ in first })
        var namesInFile: [String: (id: String, line: Int)] = [:]
        var entries: [DefinitionImportPlan.Entry] = []
        for (n, id) in order.enumerated() {
            if n % 500 == 0 { progress?(n, order.count) }
            let lines = linesByID[id]!
            guard let definition = check(lines, id: id, now: now, into: &problems) else { continue }
            let first = lines[0].line
            let nameKey = definition.name.lowercased()
            if takenIDs.contains(id) {
                problems.add(first, "\(Column.eventID.rawValue): an event definition with id \"\(id)\" already exists in this workspace")
            }
            if let other = namesInFile[nameKey] {
                problems.add(first, "\(Column.eventName.rawValue): the name \(quoted(definition.name)) is also used by \(other.id) on line \(other.line); names are unique ignoring case")
            } else if let other = takenNames[nameKey] {
                problems.add(first, "\(Column.eventName.rawValue): the name \(quoted(definition.name)) is already used by \(other) in this workspace")
            }
            if let stage = definition.stage, let stages, !stages.contains(stage) {
                problems.add(first, "\(Column.stage.rawValue): must be one of the workspace's stages: \(stages.joined(separator: ", "))")
            }
            namesInFile[nameKey] = (id, first)
            takenNames[nameKey] = id
            entries.append(DefinitionImportPlan.Entry(definition: definition, lines: lines.map(\.line)))
        }
        progress?(order.count, order.count)
        try problems.check()
        return DefinitionImportPlan(entries: entries, lineCount: records.count)
    }

    /// A problem of the file, on `line`.
    public static func problem(line: Int, _ message: String) -> FieldError {
        FieldError(field: "line \(line)", message: message)
    }

    static func checkHeader(_ record: CSVRecord) throws(ValidationFailure) {
        let expected = DefinitionCSV.header, found = record.fields
        guard found != expected else { return }
        var errors: [FieldError] = []
        for i in 0..<max(expected.count, found.count) {
            let column = "column \(i + 1)"
            switch (i < found.count ? found[i] : nil, i < expected.count ? expected[i] : nil) {
            case (let got?, let want?) where got != want:
                errors.append(problem(line: 1, "\(column) is \(quoted(got)); the template has \(quoted(want)) there"))
            case (nil, let want?):
                errors.append(problem(line: 1, "\(column) (\(quoted(want))) is missing"))
            case (let got?, nil):
                errors.append(problem(line: 1, "\(column) (\(quoted(got))) is not in the template, which has \(expected.count) columns"))
            default:
                break
            }
        }
        throw ValidationFailure(errors)
    }

    /// The definition of one event's lines, or nil after adding what is wrong with them.
    private static func check(_ lines: [CSVRecord], id: String, now: Int64, into problems: inout Problems) -> EventDefinition? {
        let first = lines[0]
        var wrong = false
        for line in lines.dropFirst() {
            for column in Column.eventColumns where line.fields[column.index] != first.fields[column.index] {
                problems.add(line.line, "\(column.rawValue): \(quoted(line.fields[column.index])) disagrees with line \(first.line) (\(quoted(first.fields[column.index]))); every line of event \(id) repeats the same event columns")
                wrong = true
            }
        }

        var body: JSONObject = ["id": .string(id)]
        for (column, member) in [(Column.eventName, "name"), (.direction, "direction"), (.stage, "stage"), (.group, "group"), (.description, "description")] {
            let text = DefinitionCSV.value(column, in: first.fields)
            if !text.isEmpty { body[member] = .string(text) }
        }
        let score = first.fields[Column.score.index]
        if !score.isEmpty {
            if Int(score) != nil {
                body["score"] = .number(score)
            } else {
                problems.add(first.line, "\(Column.score.rawValue): must be a whole number, got \(quoted(score))")
                wrong = true
            }
        }

        var propertyLines: [Int] = []
        var properties: [JSONValue] = []
        for line in lines {
            let cells = Column.propertyColumns.map { line.fields[$0.index] }
            if cells.allSatisfy(\.isEmpty) {
                if lines.count > 1 {
                    problems.add(line.line, "property_name, property_id and property_type are empty, but event \(id) has other lines; an event without properties is a single line")
                    wrong = true
                }
                continue
            }
            var property: JSONObject = [:]
            for (column, member) in zip(Column.propertyColumns, ["name", "id", "type"]) where !line.fields[column.index].isEmpty {
                property[member] = .string(DefinitionCSV.value(column, in: line.fields))
            }
            properties.append(.object(property))
            propertyLines.append(line.line)
        }
        if !properties.isEmpty { body["properties"] = .array(properties) }

        do {
            let definition = try EventDefinition.create(from: .object(body), now: now)
            return wrong ? nil : definition
        } catch {
            for error in error.errors {
                let (line, column) = locate(error.field, eventLine: first.line, propertyLines: propertyLines)
                problems.add(line, column.map { "\($0.rawValue): \(error.message)" } ?? error.message)
            }
            return nil
        }
    }

    /// The line and column of a JSON path reported by ``EventDefinition/create(from:now:)``.
    private static func locate(_ path: String, eventLine: Int, propertyLines: [Int]) -> (Int, Column?) {
        switch path {
        case "id": return (eventLine, .eventID)
        case "name": return (eventLine, .eventName)
        case "direction": return (eventLine, .direction)
        case "score": return (eventLine, .score)
        case "stage": return (eventLine, .stage)
        case "group": return (eventLine, .group)
        case "description": return (eventLine, .description)
        default: break
        }
        // properties[3].id
        guard path.hasPrefix("properties["), let close = path.firstIndex(of: "]"),
              let index = Int(path[path.index(path.startIndex, offsetBy: 11)..<close]), propertyLines.indices.contains(index)
        else { return (eventLine, nil) }
        let member = path[close...].dropFirst(2)
        let column: Column? = switch member {
        case "id": .propertyID
        case "name": .propertyName
        case "type": .propertyType
        default: nil
        }
        return (propertyLines[index], column)
    }

    /// A cell's text for a message: quoted, and cut short when long.
    static func quoted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        if scalars.count <= 60 { return "\"\(text)\"" }
        return "\"\(String(String.UnicodeScalarView(scalars.prefix(57))))...\""
    }

    /// Problems in file order; problems of one line keep the order they were found in.
    private struct Problems {
        private var found: [(line: Int, error: FieldError)] = []

        mutating func add(_ line: Int, _ message: String) {
            found.append((line, DefinitionImport.problem(line: line, message)))
        }

        func check() throws(ValidationFailure) {
            guard !found.isEmpty else { return }
            let ordered = found.enumerated().sorted { a, b in
                a.element.line != b.element.line ? a.element.line < b.element.line : a.offset < b.offset
            }
            throw ValidationFailure(ordered.map(\.element.error))
        }
    }
}

/// The definitions a checked file creates, each with the lines it came from.
public struct DefinitionImportPlan: Sendable {
    public struct Entry: Sendable {
        public var definition: EventDefinition
        /// The lines of the file that describe this event, first line first.
        public var lines: [Int]
    }

    public var entries: [Entry]
    /// Lines read, the header included.
    public var lineCount: Int

    public var definitions: [EventDefinition] { entries.map(\.definition) }
    public var propertyCount: Int { entries.reduce(0) { $0 + $1.definition.properties.count } }

    /// The problem for a rule the store found broken when writing entry `index` (an id or a name taken
    /// since the file was checked): `field` is the definition's member, as in ``StoreError``.
    public func problem(entry index: Int, field: String, message: String) -> FieldError {
        let column: DefinitionCSV.Column? = switch field {
        case "id": .eventID
        case "name": .eventName
        case "group": .group
        case "stage": .stage
        default: nil
        }
        let line = entries.indices.contains(index) ? entries[index].lines[0] : 1
        return DefinitionImport.problem(line: line, column.map { "\($0.rawValue): \(message)" } ?? message)
    }
}
