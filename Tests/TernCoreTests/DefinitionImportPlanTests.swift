import Testing
import TernCore

/// Checking a filled CSV template before anything is written: every rule, every problem with its line.
struct DefinitionImportPlanTests {
    static let header = "event_name,event_id,direction,score,stage,group,description,property_name,property_id,property_type"

    /// A file of the header and `lines`, LF-terminated.
    private func file(_ lines: [String]) -> [UInt8] {
        Array(([Self.header] + lines).joined(separator: "\n").utf8) + [UInt8(ascii: "\n")]
    }

    private func plan(_ bytes: [UInt8], existing: [EventDefinition] = SystemCatalog.definitions, stages: [String]? = nil) throws -> DefinitionImportPlan {
        try DefinitionImport.plan(csv: bytes, existing: existing, stages: stages, now: Fixture.now)
    }

    /// Every problem as `line N: message`; empty if the file is valid.
    private func problems(_ bytes: [UInt8], existing: [EventDefinition] = SystemCatalog.definitions) -> [String] {
        do {
            _ = try DefinitionImport.plan(csv: bytes, existing: existing, now: Fixture.now)
            return []
        } catch {
            return error.errors.map { "\($0.field): \($0.message)" }
        }
    }

    // MARK: The template

    @Test func theTemplateHasTheHeaderAndTwoExampleLines() throws {
        let records = try CSV.records(Array(DefinitionCSV.template.utf8))
        #expect(records.count == 3)
        #expect(records[0].fields == DefinitionCSV.header)
        #expect(records[0].fields.joined(separator: ",") == Self.header)
        #expect(DefinitionCSV.template.hasPrefix("\u{FEFF}"))
    }

    @Test func theTemplateImportsAsItIs() throws {
        let result = try plan(Array(DefinitionCSV.template.utf8))
        #expect(result.definitions == [EventDefinition(
            id: "cl_order_completed", name: "Order completed", direction: .inbound, score: 10, stage: "customer",
            group: "Checkout", description: "Paid, online or in a shop",
            properties: [
                PropertyDefinition(id: "cl_price", name: "Price", type: .number),
                PropertyDefinition(id: "cl_receipt", name: "Receipt", type: .url),
            ],
            createdAt: Fixture.now, updatedAt: Fixture.now)])
        #expect(result.entries[0].lines == [2, 3])
    }

    // MARK: Header

    @Test func aDifferentHeaderIsRejectedNamingTheColumn() {
        let bytes = Array("event_name,event_id,Direction,score,stage,group,description,property_name,property_id,property_type\n".utf8)
        #expect(problems(bytes) == [#"line 1: column 3 is "Direction"; the template has "direction" there"#])
    }

    @Test func aMissingColumnIsNamed() {
        let bytes = Array("event_name,event_id,direction,score,stage,group,description,property_name,property_id\n".utf8)
        #expect(problems(bytes) == [#"line 1: column 10 ("property_type") is missing"#])
    }

    @Test func anExtraColumnIsNamed() {
        let bytes = Array((Self.header + ",notes\n").utf8)
        #expect(problems(bytes) == [#"line 1: column 11 ("notes") is not in the template, which has 10 columns"#])
    }

    @Test func anEmptyFileIsRejected() {
        #expect(problems([]).first?.hasPrefix("line 1: the file is empty") == true)
    }

    @Test func aHeaderOnlyFileCreatesNothing() throws {
        #expect(try plan(file([])).entries.isEmpty)
    }

    // MARK: Ids

    @Test func anEventIdWithoutClIsALineError() {
        #expect(problems(file(["Signup,signup,inbound,1,,,,,,"])) == ["line 2: event_id: must match ^cl_[a-z0-9_]{1,60}$"])
    }

    @Test func aPropertyIdWithoutClIsAnErrorOnThePropertysLine() {
        let lines = [
            "Order,cl_order,inbound,1,,,,Price,cl_price,number",
            "Order,cl_order,inbound,1,,,,SKU,sku,string",
        ]
        #expect(problems(file(lines)) == ["line 3: property_id: must match ^cl_[a-z0-9_]{1,60}$"])
    }

    @Test func aMissingEventIdIsALineError() {
        #expect(problems(file(["Signup,,inbound,1,,,,,,"])) == ["line 2: event_id: is required"])
    }

    @Test func anIdThatAlreadyExistsIsALineError() {
        let existing = SystemCatalog.definitions + [Fixture.purchase]
        #expect(problems(file(["Bought,cl_purchase,inbound,1,,,,,,"]), existing: existing)
            == [#"line 2: event_id: an event definition with id "cl_purchase" already exists in this workspace"#])
    }

    @Test func anIdTwiceInTheFileIsOneEventWhoseLinesMustAgree() {
        let lines = [
            "Order,cl_order,inbound,1,,,,Price,cl_price,number",
            "Other,cl_other,inbound,1,,,,,,",
            "Order again,cl_order,inbound,1,,,,SKU,cl_sku,string",
        ]
        #expect(problems(file(lines)) == [
            #"line 4: event_name: "Order again" disagrees with line 2 ("Order"); every line of event cl_order repeats the same event columns"#,
        ])
    }

    // MARK: Names

    @Test func aNameTakenInTheWorkspaceIsALineError() {
        #expect(problems(file(["page VIEWED,cl_viewed,inbound,1,,,,,,"]))
            == [#"line 2: event_name: the name "page VIEWED" is already used by page_viewed in this workspace"#])
    }

    @Test func aNameUsedTwiceInTheFileIsALineError() {
        let lines = ["Signup,cl_signup,inbound,1,,,,,,", "SIGNUP,cl_signup_2,inbound,1,,,,,,"]
        #expect(problems(file(lines))
            == [#"line 3: event_name: the name "SIGNUP" is also used by cl_signup on line 2; names are unique ignoring case"#])
    }

    @Test func anEmptyNameIsRequired() {
        #expect(problems(file([",cl_signup,inbound,1,,,,,,"])) == ["line 2: event_name: is required"])
    }

    // MARK: Lines of one event

    @Test func severalPropertiesTakeOneLineEach() throws {
        let lines = [
            "Order,cl_order,inbound,5,lead,Shop,,Price,cl_price,number",
            "Order,cl_order,inbound,5,lead,Shop,,Paid at,cl_paid_at,timestamp",
            "Order,cl_order,inbound,5,lead,Shop,,Page,cl_page,url",
        ]
        let definition = try #require(try plan(file(lines)).definitions.first)
        #expect(definition.properties.map(\.id) == ["cl_price", "cl_paid_at", "cl_page"])
        #expect(definition.properties.map(\.type) == [.number, .timestamp, .url])
        #expect(definition.score == 5)
        #expect(definition.stage == "lead")
        #expect(definition.group == "Shop")
    }

    @Test func disagreeingLinesAreNamed() {
        let lines = [
            "Order,cl_order,inbound,10,customer,,,Price,cl_price,number",
            "Order,cl_order,inbound,5,customer,,,SKU,cl_sku,string",
            "Order,cl_order,inbound,10,lead,,,Page,cl_page,url",
        ]
        #expect(problems(file(lines)) == [
            #"line 3: score: "5" disagrees with line 2 ("10"); every line of event cl_order repeats the same event columns"#,
            #"line 4: stage: "lead" disagrees with line 2 ("customer"); every line of event cl_order repeats the same event columns"#,
        ])
    }

    @Test func anEventWithoutPropertiesIsOneLineWithEmptyPropertyColumns() throws {
        let definition = try #require(try plan(file(["Newsletter sent,cl_newsletter_sent,outbound,,,,,,,"])).definitions.first)
        #expect(definition.properties.isEmpty)
        #expect(definition.direction == .outbound)
        #expect(definition.score == 0)
        #expect(definition.stage == nil)
        #expect(definition.group == nil)
        #expect(definition.description == nil)
    }

    @Test func aLineWithoutPropertyAmongAnEventsLinesIsAnError() {
        let lines = [
            "Order,cl_order,inbound,1,,,,Price,cl_price,number",
            "Order,cl_order,inbound,1,,,,,,",
        ]
        #expect(problems(file(lines)).first?.hasPrefix("line 3: property_name, property_id and property_type are empty") == true)
    }

    @Test func aPropertyDeclaredTwiceIsAnErrorOnItsSecondLine() {
        let lines = [
            "Order,cl_order,inbound,1,,,,Price,cl_price,number",
            "Order,cl_order,inbound,1,,,,Price again,cl_price,number",
        ]
        #expect(problems(file(lines)) == ["line 3: property_id: is declared twice"])
    }

    @Test func aPartlyFilledPropertyNamesWhatIsMissing() {
        #expect(problems(file(["Order,cl_order,inbound,1,,,,,cl_price,"])) == [
            "line 2: property_name: is required", "line 2: property_type: is required",
        ])
    }

    // MARK: The API's rules, through the same validator

    @Test func outboundEventsCannotScore() {
        #expect(problems(file(["Sent,cl_sent,outbound,3,,,,,,"])) == ["line 2: score: only inbound events may have a non-zero score"])
    }

    @Test func theDirectionIsInboundOrOutbound() {
        #expect(problems(file(["Sent,cl_sent,sideways,0,,,,,,"])) == [#"line 2: direction: must be "inbound" or "outbound""#])
    }

    @Test func theScoreIsAWholeNumberInRange() {
        #expect(problems(file(["A,cl_a,inbound,1.5,,,,,,"])) == [#"line 2: score: must be a whole number, got "1.5""#])
        #expect(problems(file(["A,cl_a,inbound,2000000,,,,,,"])) == ["line 2: score: must be between -1000000 and 1000000"])
    }

    @Test func thePropertyTypeIsOneOfTheFour() {
        #expect(problems(file(["A,cl_a,inbound,1,,,,Price,cl_price,money"]))
            == ["line 2: property_type: must be one of string, number, timestamp, url"])
    }

    @Test func longTextIsRefusedAsByTheAPI() {
        let long = String(repeating: "x", count: 101)
        #expect(problems(file(["\(long),cl_a,inbound,1,,,,,,"])) == ["line 2: event_name: is longer than 100 characters"])
        #expect(problems(file(["A,cl_a,inbound,1,,\(long),,,,"])) == ["line 2: group: is longer than 100 characters"])
    }

    @Test func aStageOutsideTheWorkspacesStagesIsALineError() {
        let bytes = file(["A,cl_a,inbound,1,champion,,,,,"])
        #expect(throws: ValidationFailure.self) { try plan(bytes, stages: ["new", "lead", "customer"]) }
        #expect((try? plan(bytes, stages: nil)) != nil)
    }

    // MARK: Shape of the file

    @Test func aLineWithTheWrongNumberOfFieldsIsAnError() {
        #expect(problems(file(["A,cl_a,inbound,1,,,,,"])) == ["line 2: has 9 fields; the template has 10 columns"])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        let result = try plan(file(["", "A,cl_a,inbound,1,,,,,,", ",,,,,,,,,", "B,cl_b,inbound,1,,,,,,"]))
        #expect(result.definitions.map(\.id) == ["cl_a", "cl_b"])
        #expect(result.entries.map(\.lines) == [[3], [5]])
    }

    @Test func aFileWithByteOrderMarkAndCRLFAsSpreadsheetsWriteIt() throws {
        let text = "\u{FEFF}" + Self.header + "\r\n"
            + "\"Order, paid\",cl_order,inbound,1,,\"Shop, online\",\"Line one\r\nline \"\"two\"\"\",Price,cl_price,number\r\n"
            + "\"Order, paid\",cl_order,inbound,1,,\"Shop, online\",\"Line one\r\nline \"\"two\"\"\",SKU,cl_sku,string\r\n"
        let definition = try #require(try plan(Array(text.utf8)).definitions.first)
        #expect(definition.name == "Order, paid")
        #expect(definition.group == "Shop, online")
        #expect(definition.description == "Line one\r\nline \"two\"")
        #expect(definition.properties.map(\.id) == ["cl_price", "cl_sku"])
    }

    @Test func aCSVSyntaxErrorNamesItsLine() {
        #expect(problems(file(["\"A,cl_a,inbound,1,,,,,,"])).first?.hasPrefix("line 2: a quoted field is not closed") == true)
    }

    @Test func everyProblemIsListedInLineOrder() {
        let lines = [
            "Good,cl_good,inbound,1,,,,,,",
            "Bad id,bad,inbound,1,,,,,,",
            "Also good,cl_also_good,inbound,1,,,,,,",
            "Sent,cl_sent,outbound,4,,,,,,",
            "Typed,cl_typed,inbound,1,,,,Price,cl_price,money",
        ]
        #expect(problems(file(lines)) == [
            "line 3: event_id: must match ^cl_[a-z0-9_]{1,60}$",
            "line 5: score: only inbound events may have a non-zero score",
            "line 6: property_type: must be one of string, number, timestamp, url",
        ])
    }

    @Test func progressIsReportedUpToTheTotal() throws {
        var reports: [Int] = []
        let lines = (0..<1200).map { "E\($0),cl_e\($0),inbound,1,,,,,," }
        _ = try DefinitionImport.plan(csv: file(lines), existing: [], now: Fixture.now) { checked, total in
            #expect(total == 1200)
            reports.append(checked)
        }
        #expect(reports == [0, 500, 1000, 1200])
    }

    // MARK: Export

    @Test func exportRendersCustomEventsInTheTemplatesLayoutByName() {
        let definitions = SystemCatalog.definitions + [Fixture.reminder, Fixture.purchase]
        let text = DefinitionCSV.render(definitions)
        #expect(text == "\u{FEFF}" + [
            Self.header,
            "Purchase,cl_purchase,inbound,10,customer,,,Price,cl_price,number",
            "Purchase,cl_purchase,inbound,10,customer,,,SKU,cl_sku,string",
            "Purchase,cl_purchase,inbound,10,customer,,,Paid at,cl_paid_at,timestamp",
            "Purchase,cl_purchase,inbound,10,customer,,,Receipt,cl_receipt,url",
            "Reminder sent,cl_reminder_sent,outbound,0,,,,,,",
        ].map { $0 + "\r\n" }.joined())
    }

    @Test func anExportImportsBackToTheSameDefinitionsAndTheSameText() throws {
        var generator = SeededGenerator(seed: 11)
        let pieces = ["Order", "paid, twice", "\"quoted\"", "line\nbreak", "Café", "x"]
        var definitions: [EventDefinition] = []
        for i in 0..<40 {
            let inbound = Bool.random(using: &generator)
            let properties = (0..<Int.random(in: 0...3, using: &generator)).map { p in
                PropertyDefinition(
                    id: "cl_p\(p)", name: pieces.randomElement(using: &generator)! + " \(p)",
                    type: PropertyType.allCases.randomElement(using: &generator)!)
            }
            definitions.append(EventDefinition(
                id: "cl_event_\(i)", name: "\(pieces.randomElement(using: &generator)!) \(i)",
                direction: inbound ? .inbound : .outbound, score: inbound ? Int.random(in: -5...50, using: &generator) : 0,
                stage: Bool.random(using: &generator) ? "lead" : nil,
                group: Bool.random(using: &generator) ? pieces.randomElement(using: &generator) : nil,
                description: Bool.random(using: &generator) ? pieces.randomElement(using: &generator) : nil,
                properties: properties, createdAt: Fixture.now, updatedAt: Fixture.now))
        }
        let text = DefinitionCSV.render(definitions)
        let imported = try plan(Array(text.utf8), existing: []).definitions
        #expect(imported == DefinitionExport.ordered(definitions))
        #expect(DefinitionCSV.render(imported) == text)
    }

    @Test func jsonExportItemsAreCreateBodies() throws {
        let exported = DefinitionExport.json(SystemCatalog.definitions + [Fixture.purchase])
        let items = try #require(exported["items"]?.arrayValue)
        #expect(items.count == 1)
        var recreated = try EventDefinition.create(from: items[0], now: Fixture.purchase.createdAt)
        recreated.updatedAt = Fixture.purchase.updatedAt
        #expect(recreated == Fixture.purchase)
    }
}
