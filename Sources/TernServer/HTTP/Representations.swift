import TernCore
import TernStore

/// The JSON shapes of the API's resources. Times are ISO 8601 UTC; ids carry a type prefix.
extension EventDefinition {
    var json: JSONValue {
        .object([
            "id": .string(id),
            "name": .string(name),
            "direction": .string(direction.rawValue),
            "score": .integer(score),
            "stage": stage.map(JSONValue.string) ?? .null,
            "group": group.map(JSONValue.string) ?? .null,
            "description": description.map(JSONValue.string) ?? .null,
            "properties": .array(properties.map {
                .object(["id": .string($0.id), "name": .string($0.name), "type": .string($0.type.rawValue)])
            }),
            "system": .bool(system),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}

extension Contact {
    var json: JSONValue {
        .object([
            "id": .string(ContactID.format(id)),
            "phone": phone.map(JSONValue.string) ?? .null,
            "externalId": externalId.map(JSONValue.string) ?? .null,
            "email": email.map(JSONValue.string) ?? .null,
            "attributes": .object(attributes),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}

extension StoredEvent {
    var json: JSONValue {
        .object([
            "id": .string(EventID.format(id)),
            "event": .string(event),
            "time": .string(Timestamp.iso8601(time)),
            "receivedAt": .string(Timestamp.iso8601(receivedAt)),
            "contactId": .string(ContactID.format(contactId)),
            "properties": .object(properties.mapValues(\.canonicalJSON)),
            "contentTags": .array(contentTags.map(JSONValue.string)),
            "messageId": messageId.map(JSONValue.string) ?? .null,
            "source": .string(source.rawValue),
        ])
    }
}

extension EventPage {
    var json: JSONValue {
        .object([
            "items": .array(events.map(\.json)),
            "nextCursor": nextCursor.map { .string($0.token) } ?? .null,
            "hasMore": .bool(hasMore),
        ])
    }
}
