extension AudienceFilter {
    /// The most nodes one filter may hold, so a request cannot ask for unbounded work.
    public static let maximumNodes = 200

    /// Reads a filter tree, reporting every bad node by its JSON path
    /// (`filter.all[2].did.where[0].op`).
    public static func parse(_ value: JSONValue, at path: FieldPath, context: AudienceContext) throws(ValidationFailure) -> AudienceFilter {
        var parser = AudienceFilterParser(context: context)
        let filter = parser.node(value, path)
        if parser.nodes > maximumNodes {
            throw ValidationFailure(field: path.description, message: "a filter holds at most \(maximumNodes) conditions")
        }
        guard parser.errors.isEmpty, let filter else {
            throw ValidationFailure(parser.errors.isEmpty ? [FieldError(field: path.description, message: "is not a filter")] : parser.errors)
        }
        return filter
    }
}

extension PropertyCondition {
    /// Reads `where: [{"property", "op", "value"}]` for an event, typing each value by the
    /// property's declared type.
    public static func parseList(_ value: JSONValue, at path: FieldPath, definition: EventDefinition) -> (conditions: [PropertyCondition], errors: [FieldError]) {
        guard case .array(let items) = value else {
            return ([], [FieldError(field: path.description, message: "expected an array, got \(value.typeName)")])
        }
        guard items.count <= 20 else { return ([], [FieldError(field: path.description, message: "at most 20 conditions")]) }
        var conditions: [PropertyCondition] = []
        var errors: [FieldError] = []
        for (i, item) in items.enumerated() {
            let itemPath = path.index(i)
            var reader: JSONObjectReader
            do { reader = try JSONObjectReader(item, at: itemPath) } catch {
                errors += error.errors
                continue
            }
            let property = reader.string("property", required: true)
            let opName = reader.string("op", required: true)
            let operand = reader.value("value")
            reader.rejectUnknownMembers()
            var type: PropertyType?
            if let property {
                type = definition.propertyType(property)
                if type == nil { reader.fail("property", "\(definition.id) has no property \"\(property.prefix(64))\"") }
            }
            var op: ConditionOperator?
            if let opName {
                op = ConditionOperator(rawValue: opName)
                if op == nil {
                    reader.fail("op", "must be one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", "))")
                } else if let type, let known = op, !ConditionOperator.allowed(for: type).contains(known) {
                    reader.fail("op", "\(known.rawValue) does not apply to a \(type.rawValue) property")
                    op = nil
                }
            }
            var condition: PropertyCondition?
            if let property, let type, let op {
                condition = PropertyCondition(property: property, op: op)
                switch op {
                case .exists:
                    if case .bool(let b)? = operand { condition?.exists = b } else if operand != nil {
                        reader.fail("value", "expected a boolean, got \(operand!.typeName)")
                    }
                case .contains, .startsWith:
                    if case .string(let s)? = operand, !s.isEmpty, s.unicodeScalars.count <= PropertyValue.maximumURLLength {
                        condition?.values = [.string(s)]
                    } else {
                        reader.fail("value", "expected a non-empty string")
                    }
                case .in:
                    if case .array(let list)? = operand, (1...100).contains(list.count) {
                        for (j, element) in list.enumerated() {
                            switch PropertyValue.validate(element, as: type) {
                            case .success(let v): condition?.values.append(v)
                            case .failure(let m): reader.errors.append(FieldError(field: itemPath.member("value").index(j).description, message: m.message))
                            }
                        }
                    } else {
                        reader.fail("value", "expected an array of 1 to 100 values")
                    }
                default:
                    if let operand {
                        switch PropertyValue.validate(operand, as: type) {
                        case .success(let v): condition?.values = [v]
                        case .failure(let m): reader.fail("value", m.message)
                        }
                    } else {
                        reader.fail("value", "is required")
                    }
                }
            }
            errors += reader.errors
            if reader.errors.isEmpty, let condition { conditions.append(condition) }
        }
        return (conditions, errors)
    }
}

extension TimeWindow {
    /// Reads a duration `{"days"|"hours"|"minutes": n}` (one member, a positive integer, at most
    /// ten years) as milliseconds.
    public static func duration(_ value: JSONValue, at path: FieldPath) -> Result<Int64, ValidationFailure> {
        guard case .object(let members) = value, members.count == 1, let (unit, amount) = members.first else {
            return .failure(ValidationFailure(field: path.description, message: "expected one of {\"days\": n}, {\"hours\": n}, {\"minutes\": n}"))
        }
        let unitMillis: Int64
        switch unit {
        case "days": unitMillis = 86_400_000
        case "hours": unitMillis = 3_600_000
        case "minutes": unitMillis = 60_000
        default:
            return .failure(ValidationFailure(field: path.member(unit).description, message: "must be days, hours or minutes"))
        }
        guard case .number(let text) = amount, let n = Int64(text), n >= 1, n * unitMillis <= 3650 * 86_400_000 else {
            return .failure(ValidationFailure(field: path.member(unit).description, message: "must be a positive integer, at most ten years"))
        }
        return .success(n * unitMillis)
    }

    /// Reads `within` or `from`/`to` from an object being read; nil when none is given.
    static func read(_ reader: inout JSONObjectReader) -> TimeWindow? {
        let within = reader.value("within")
        let from = reader.value("from")
        let to = reader.value("to")
        var window: TimeWindow?
        if let within {
            if from != nil || to != nil { reader.fail("within", "give either within or from/to") }
            switch duration(within, at: reader.path.member("within")) {
            case .success(let millis): window = .last(millis: millis)
            case .failure(let failure): reader.errors += failure.errors
            }
        } else if from != nil || to != nil {
            var bounds: [Int64?] = []
            for (name, value) in [("from", from), ("to", to)] {
                guard let value else { bounds.append(nil); continue }
                guard let millis = Timestamp.from(value) else {
                    reader.fail(name, "must be an ISO 8601 time with offset or epoch milliseconds")
                    return nil
                }
                bounds.append(millis)
            }
            if let f = bounds[0], let t = bounds[1], f >= t { reader.fail("to", "must be after from") }
            window = .between(from: bounds[0], to: bounds[1])
        }
        return window
    }
}

/// Reads one filter tree, collecting errors instead of stopping at the first.
struct AudienceFilterParser {
    let context: AudienceContext
    var errors: [FieldError] = []
    var nodes = 0

    static let kinds = ["all", "any", "not", "did", "attribute", "identifier", "activeness", "stage", "tag", "firstEvent", "lastEvent"]

    mutating func fail(_ path: FieldPath, _ message: String) {
        errors.append(FieldError(field: path.description, message: message))
    }

    mutating func node(_ value: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        nodes += 1
        guard nodes <= AudienceFilter.maximumNodes else { return nil }
        guard case .object(let members) = value, members.count == 1, let (kind, body) = members.first else {
            fail(path, "expected an object with one of \(Self.kinds.joined(separator: ", "))")
            return nil
        }
        let inner = path.member(kind)
        switch kind {
        case "all", "any":
            guard case .array(let items) = body else { fail(inner, "expected an array, got \(body.typeName)"); return nil }
            let children = items.enumerated().map { node($1, inner.index($0)) }
            guard !children.contains(where: { $0 == nil }) else { return nil }
            return kind == "all" ? .all(children.compactMap { $0 }) : .any(children.compactMap { $0 })
        case "not":
            return node(body, inner).map { .not($0) }
        case "did": return did(body, inner)
        case "attribute": return attribute(body, inner)
        case "identifier": return identifier(body, inner)
        case "activeness": return activeness(body, inner)
        case "stage": return stage(body, inner)
        case "tag":
            guard case .string(let tag) = body, !tag.isEmpty, tag.unicodeScalars.count <= 64 else {
                fail(inner, "expected a content tag name (1 to 64 characters)")
                return nil
            }
            return .tag(tag)
        case "firstEvent", "lastEvent":
            guard var reader = reader(body, inner) else { return nil }
            let window = TimeWindow.read(&reader)
            reader.rejectUnknownMembers()
            if window == nil, reader.errors.isEmpty { reader.fail("within", "give within or from/to") }
            errors += reader.errors
            guard reader.errors.isEmpty, let window else { return nil }
            return kind == "firstEvent" ? .firstEvent(window) : .lastEvent(window)
        default:
            fail(inner, "is not a filter condition; use one of \(Self.kinds.joined(separator: ", "))")
            return nil
        }
    }

    mutating func reader(_ body: JSONValue, _ path: FieldPath) -> JSONObjectReader? {
        do { return try JSONObjectReader(body, at: path) } catch {
            errors += error.errors
            return nil
        }
    }

    mutating func did(_ body: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        guard var reader = reader(body, path) else { return nil }
        let event = reader.string("event", required: true)
        let window = TimeWindow.read(&reader)
        var count = CountCondition.atLeastOne
        if let countValue = reader.value("count"), var countReader = self.reader(countValue, path.member("count")) {
            count = CountCondition()
            count.gte = countReader.integer("gte", range: 0...1_000_000)
            count.gt = countReader.integer("gt", range: 0...1_000_000)
            count.lte = countReader.integer("lte", range: 0...1_000_000)
            count.lt = countReader.integer("lt", range: 0...1_000_000)
            count.eq = countReader.integer("eq", range: 0...1_000_000)
            countReader.rejectUnknownMembers()
            if countReader.members.isEmpty {
                countReader.errors.append(FieldError(field: path.member("count").description, message: "give at least one of gte, gt, lte, lt, eq"))
            }
            reader.errors += countReader.errors
        }
        var conditions: [PropertyCondition] = []
        let whereValue = reader.value("where")
        reader.rejectUnknownMembers()
        var definition: EventDefinition?
        if let event {
            definition = context.definitions[event]
            if definition == nil { reader.fail("event", "no event definition \"\(event.prefix(64))\"") }
        }
        if let whereValue, let definition {
            let parsed = PropertyCondition.parseList(whereValue, at: path.member("where"), definition: definition)
            conditions = parsed.conditions
            reader.errors += parsed.errors
        }
        errors += reader.errors
        guard reader.errors.isEmpty, let event else { return nil }
        return .did(DidCondition(event: event, window: window, count: count, conditions: conditions))
    }

    mutating func valueCondition(_ reader: inout JSONObjectReader) -> ValueCondition? {
        let opName = reader.string("op", required: true)
        let operand = reader.value("value")
        guard let opName else { return nil }
        guard let op = ConditionOperator(rawValue: opName) else {
            reader.fail("op", "must be one of \(ConditionOperator.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        var condition = ValueCondition(op: op)
        func scalar(_ v: JSONValue) -> Bool {
            switch v { case .string, .number, .bool: true; default: false }
        }
        switch op {
        case .exists:
            if case .bool(let b)? = operand { condition.exists = b } else if let operand {
                reader.fail("value", "expected a boolean, got \(operand.typeName)")
            }
        case .contains, .startsWith:
            guard case .string(let s)? = operand, !s.isEmpty else { reader.fail("value", "expected a non-empty string"); return nil }
            condition.values = [.string(s)]
        case .in:
            guard case .array(let list)? = operand, (1...100).contains(list.count), list.allSatisfy(scalar) else {
                reader.fail("value", "expected an array of 1 to 100 strings, numbers or booleans")
                return nil
            }
            condition.values = list
        case .gt, .gte, .lt, .lte:
            guard let operand, operand.stringValue != nil || operand.numberText != nil else {
                reader.fail("value", "expected a number or a string")
                return nil
            }
            condition.values = [operand]
        case .eq, .neq:
            guard let operand, scalar(operand) else { reader.fail("value", "expected a string, a number or a boolean"); return nil }
            condition.values = [operand]
        }
        return condition
    }

    mutating func attribute(_ body: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        guard var reader = reader(body, path) else { return nil }
        let name = reader.string("name", required: true, maxLength: 64)
        let condition = valueCondition(&reader)
        reader.rejectUnknownMembers()
        errors += reader.errors
        guard reader.errors.isEmpty, let name, let condition else { return nil }
        return .attribute(name: name, condition)
    }

    mutating func identifier(_ body: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        guard var reader = reader(body, path) else { return nil }
        let name = reader.string("name", required: true)
        let field = name.flatMap(ContactIdentifierField.init(rawValue:))
        if name != nil, field == nil { reader.fail("name", "must be phone, email or externalId") }
        let condition = valueCondition(&reader)
        reader.rejectUnknownMembers()
        errors += reader.errors
        guard reader.errors.isEmpty, let field, let condition else { return nil }
        return .identifier(field, condition)
    }

    mutating func activeness(_ body: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        guard var reader = reader(body, path) else { return nil }
        let range = -1_000_000_000...1_000_000_000
        let level = reader.string("level", maxLength: 64)
        let gte = reader.integer("gte", range: range), gt = reader.integer("gt", range: range)
        let lte = reader.integer("lte", range: range), lt = reader.integer("lt", range: range)
        reader.rejectUnknownMembers()
        var lower: Int? = [gte, gt.map { $0 + 1 }].compactMap { $0 }.max()
        var upper: Int? = [lt, lte.map { $0 + 1 }].compactMap { $0 }.min()
        if let level {
            if gte != nil || gt != nil || lte != nil || lt != nil { reader.fail("level", "give either a level or a range") }
            if let bounds = context.levels.range(of: level) {
                (lower, upper) = (bounds.lower, bounds.upper)
            } else {
                reader.fail("level", "must be one of \(context.levels.levels.map(\.name).joined(separator: ", "))")
            }
        } else if reader.members.isEmpty {
            reader.errors.append(FieldError(field: path.description, message: "give a level or at least one of gte, gt, lte, lt"))
        }
        errors += reader.errors
        guard reader.errors.isEmpty else { return nil }
        return .activeness(lower: lower, upper: upper)
    }

    mutating func stage(_ body: JSONValue, _ path: FieldPath) -> AudienceFilter? {
        guard var reader = reader(body, path) else { return nil }
        var stages: [String] = []
        if let one = reader.string("eq", maxLength: 64) { stages.append(one) }
        if let list = reader.array("in") {
            if !(1...50).contains(list.count) { reader.fail("in", "expected 1 to 50 stages") }
            for (i, item) in list.enumerated() {
                guard case .string(let s) = item else {
                    reader.errors.append(FieldError(field: path.member("in").index(i).description, message: "expected a string"))
                    continue
                }
                stages.append(s)
            }
        }
        reader.rejectUnknownMembers()
        if reader.members["eq"] != nil, reader.members["in"] != nil { reader.fail("eq", "give either eq or in") }
        if reader.members.isEmpty { reader.errors.append(FieldError(field: path.description, message: "give eq or in")) }
        for stage in stages where !context.stages.stages.contains(stage) {
            reader.fail(reader.members["eq"] != nil ? "eq" : "in", "\"\(stage.prefix(64))\" is not one of the workspace's stages")
        }
        errors += reader.errors
        guard reader.errors.isEmpty else { return nil }
        return .stage(stages)
    }
}
