/// The events every workspace starts with. Tern records them itself; their id, name and
/// properties are fixed, their score and stage may be edited per workspace.
public enum SystemCatalog {
    /// Properties every event may carry without declaring them.
    public static let presetProperties: [PropertyDefinition] = [
        PropertyDefinition(id: "channel", name: "Channel", type: .string),
        PropertyDefinition(id: "source", name: "Source", type: .string),
        PropertyDefinition(id: "campaign", name: "Campaign", type: .string),
    ]

    public static let definitions: [EventDefinition] = [
        system("contact_created", "Contact created", .outbound),
        system("contact_updated", "Contact updated", .outbound),
        system("message_sent", "Message sent", .outbound, properties: [
            PropertyDefinition(id: "message_id", name: "Message id", type: .string),
            PropertyDefinition(id: "template", name: "Template", type: .string),
        ]),
        system("message_delivered", "Message delivered", .outbound, properties: [
            PropertyDefinition(id: "message_id", name: "Message id", type: .string),
        ]),
        system("message_read", "Message read", .inbound, score: 1, stage: "engaged", properties: [
            PropertyDefinition(id: "message_id", name: "Message id", type: .string),
        ]),
        system("link_clicked", "Link clicked", .inbound, score: 2, stage: "engaged", properties: [
            PropertyDefinition(id: "url", name: "URL", type: .url),
        ]),
        system("page_viewed", "Page viewed", .inbound, score: 1, properties: [
            PropertyDefinition(id: "url", name: "URL", type: .url),
            PropertyDefinition(id: "title", name: "Title", type: .string),
            PropertyDefinition(id: "referrer", name: "Referrer", type: .url),
            PropertyDefinition(id: "path", name: "Path", type: .string),
        ]),
        system("screen_viewed", "Screen viewed", .inbound, score: 1, properties: [
            PropertyDefinition(id: "name", name: "Screen", type: .string),
        ]),
        system("form_submitted", "Form submitted", .inbound, score: 5, stage: "lead", properties: [
            PropertyDefinition(id: "form", name: "Form", type: .string),
        ]),
        system("journey_entered", "Journey entered", .outbound, properties: [
            PropertyDefinition(id: "journey", name: "Journey", type: .string),
        ]),
        system("journey_exited", "Journey exited", .outbound, properties: [
            PropertyDefinition(id: "journey", name: "Journey", type: .string),
            PropertyDefinition(id: "reason", name: "Reason", type: .string),
        ]),
    ]

    /// System events that only Tern itself may record: they describe its own bookkeeping.
    public static let recordedOnlyByTern: Set<String> = ["contact_created", "contact_updated", "journey_entered", "journey_exited"]

    public static func definition(_ id: String) -> EventDefinition? {
        definitions.first { $0.id == id }
    }

    private static func system(
        _ id: String, _ name: String, _ direction: Direction, score: Int = 0, stage: String? = nil,
        properties: [PropertyDefinition] = []
    ) -> EventDefinition {
        EventDefinition(
            id: id, name: name, direction: direction, score: score, stage: stage,
            properties: properties, system: true)
    }
}
