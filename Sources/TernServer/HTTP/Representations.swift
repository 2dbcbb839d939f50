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
            "groupId": groupId.map { .string(EventGroupID.format($0)) } ?? .null,
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
    /// The contact with its activeness (over the workspace's window, when one is set), level and stage.
    func json(settings: WorkspaceSettings, activeness: Int) -> JSONValue {
        .object([
            "id": .string(ContactID.format(id)),
            "phone": phone.map(JSONValue.string) ?? .null,
            "externalId": externalId.map(JSONValue.string) ?? .null,
            "email": email.map(JSONValue.string) ?? .null,
            "anonymousIds": .array(anonymousIds.map(JSONValue.string)),
            "attributes": .object(JSONObject(attributes)),
            "activeness": .integer(activeness),
            "level": .string(settings.activenessLevels.level(for: activeness)),
            "stage": .string(stage ?? settings.stages.stages[0]),
            "createdAt": .string(Timestamp.iso8601(createdAt)),
            "updatedAt": .string(Timestamp.iso8601(updatedAt)),
        ])
    }
}

extension ContactProfile {
    func json(settings: WorkspaceSettings, activeness: Int) -> JSONValue {
        guard case .object(var members) = contact.json(settings: settings, activeness: activeness) else { return .null }
        members["stageHistory"] = .array(stageHistory.map { change in
            .object([
                "from": change.from.map(JSONValue.string) ?? .null,
                "to": .string(change.to),
                "event": .string(change.event),
                "eventId": .string(EventID.format(change.eventId)),
                "time": .string(Timestamp.iso8601(change.time)),
            ])
        })
        members["topTags"] = .array(topTags.map { .object(["tag": .string($0.tag), "count": .integer($0.count)]) })
        members["firstEventAt"] = firstEventAt.map { .string(Timestamp.iso8601($0)) } ?? .null
        members["lastEventAt"] = lastEventAt.map { .string(Timestamp.iso8601($0)) } ?? .null
        members["eventCounts"] = .object(JSONObject(eventCounts.mapValues { .integer($0) }))
        return .object(members)
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
            "properties": .object(JSONObject(properties.mapValues(\.canonicalJSON))),
            "contentTags": .array(contentTags.map(JSONValue.string)),
            "materialId": materialId.map(JSONValue.string) ?? .null,
            "messageId": messageId.map(JSONValue.string) ?? .null,
            "source": .string(source.rawValue),
            "recordedBy": recordedBy.map(JSONValue.string) ?? .null,
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
