/// The CSV layout of a tracking plan, shared by the template, the export and the import.
///
/// One line per property; an event with several properties repeats its event columns on each of
/// its lines, and an event without properties is one line with the property columns empty:
///
/// ```
/// event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type
/// Order completed,cl_order_completed,inbound,10,customer,Checkout,,Price,cl_price,number
/// Order completed,cl_order_completed,inbound,10,customer,Checkout,,Receipt,cl_receipt,url
/// Newsletter sent,cl_newsletter_sent,outbound,0,,,,,,
/// ```
public enum DefinitionCSV {
    /// The template's columns, in order.
    public enum Column: String, CaseIterable, Sendable {
        case eventName = "event_name"
        case eventID = "event_id"
        case direction
        case score
        case stage
        case group
        case description
        case propertyName = "property_name"
        case propertyID = "property_id"
        case propertyType = "property_type"

        /// The columns every line of one event repeats.
        public static let eventColumns: [Column] = [.eventName, .eventID, .direction, .score, .stage, .group, .description]
        public static let propertyColumns: [Column] = [.propertyName, .propertyID, .propertyType]

        var index: Int { Self.allCases.firstIndex(of: self)! }
    }

    /// The header line every template, export and import has.
    public static let header: [String] = Column.allCases.map(\.rawValue)

    /// The template offered for download: the header and two example lines of one event with two properties.
    public static let template: String = CSV.file([
        header,
        ["Order completed", "cl_order_completed", "inbound", "10", "customer", "Checkout",
         "Paid, online or in a shop", "Price", "cl_price", "number"],
        ["Order completed", "cl_order_completed", "inbound", "10", "customer", "Checkout",
         "Paid, online or in a shop", "Receipt", "cl_receipt", "url"],
    ])

    /// The custom definitions in the template's layout, in export order (see ``DefinitionExport``),
    /// so that importing the file into an empty workspace and exporting again gives the same text.
    public static func render(_ definitions: [EventDefinition]) -> String {
        var records = [header]
        for definition in DefinitionExport.ordered(definitions) {
            let event = [
                definition.name, definition.id, definition.direction.rawValue, String(definition.score),
                definition.stage ?? "", definition.group ?? "", definition.description ?? "",
            ]
            if definition.properties.isEmpty {
                records.append(record(event + ["", "", ""]))
            }
            for property in definition.properties {
                records.append(record(event + [property.name, property.id, property.type.rawValue]))
            }
        }
        return CSV.file(records)
    }

    /// One line of the file from every column's value, in order, free text made ``inert(_:)``.
    static func record(_ values: [String]) -> [String] {
        zip(Column.allCases, values).map { column, value in textColumns.contains(column) ? inert(value) : value }
    }

    /// What a line of an imported file holds in `column`: free text without the apostrophe
    /// ``inert(_:)`` (or a spreadsheet user) put in front.
    static func value(_ column: Column, in fields: [String]) -> String {
        let cell = fields[column.index]
        return textColumns.contains(column) && cell.hasPrefix("'") ? String(cell.dropFirst()) : cell
    }

    /// The columns of free text, which anyone with an admin key chooses.
    static let textColumns: Set<Column> = [.eventName, .stage, .group, .description, .propertyName]

    /// Free text as a spreadsheet will not run it: a cell starting with `=`, `+`, `-`, `@`, a tab or
    /// a carriage return is a formula to Excel and its kin (`=HYPERLINK(…)` in a name would run on the
    /// machine of whoever opens the export), so such text is written after an apostrophe, which
    /// spreadsheets show as text and drop. Text already starting with an apostrophe gets another, so
    /// ``value(_:in:)`` gives back exactly what was written.
    static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r'".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

}

/// The custom event configuration an integrator needs to wire data in.
public enum DefinitionExport {
    /// The custom definitions (system ones are the same everywhere), by name ignoring case, then id.
    public static func ordered(_ definitions: [EventDefinition]) -> [EventDefinition] {
        definitions.filter { !$0.system }.sorted { a, b in
            let (ka, kb) = (a.name.lowercased(), b.name.lowercased())
            return ka != kb ? ka < kb : a.id < b.id
        }
    }

    /// `{"items": [...]}` where every item is a valid `POST /v1/event-definitions` body.
    public static func json(_ definitions: [EventDefinition]) -> JSONValue {
        .object(["items": .array(ordered(definitions).map { definition in
            .object([
                "id": .string(definition.id),
                "name": .string(definition.name),
                "direction": .string(definition.direction.rawValue),
                "score": .integer(definition.score),
                "stage": definition.stage.map(JSONValue.string) ?? .null,
                "group": definition.group.map(JSONValue.string) ?? .null,
                "description": definition.description.map(JSONValue.string) ?? .null,
                "properties": .array(definition.properties.map {
                    .object(["id": .string($0.id), "name": .string($0.name), "type": .string($0.type.rawValue)])
                }),
            ])
        })])
    }
}
