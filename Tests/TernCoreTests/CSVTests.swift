import Testing
import TernCore

/// Reading and writing CSV as RFC 4180 describes it and spreadsheets write it.
struct CSVTests {
    private func read(_ text: String) throws -> [CSVRecord] {
        try CSV.records(Array(text.utf8))
    }

    private func fields(_ text: String) throws -> [[String]] {
        try read(text).map(\.fields)
    }

    private func syntaxError(_ bytes: [UInt8]) -> CSVSyntaxError? {
        do {
            _ = try CSV.records(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func recordsAreNumberedFromOne() throws {
        let records = try read("a,b\nc,d\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["c", "d"])])
    }

    @Test func aByteOrderMarkIsNotPartOfTheFirstField() throws {
        #expect(try fields("\u{FEFF}event_name,event_id\r\n") == [["event_name", "event_id"]])
    }

    @Test func crlfLfAndCrAllEndLines() throws {
        #expect(try fields("a\r\nb\nc\rd") == [["a"], ["b"], ["c"], ["d"]])
    }

    @Test func aLineEndAfterTheLastRecordAddsNoRecord() throws {
        #expect(try fields("a,b\r\n") == [["a", "b"]])
        #expect(try fields("a,b") == [["a", "b"]])
        #expect(try fields("") == [])
        #expect(try fields("\u{FEFF}") == [])
    }

    @Test func aBlankLineIsARecordWithOneEmptyField() throws {
        #expect(try fields("a\n\nb\n") == [["a"], [""], ["b"]])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try fields("a,,c,\n,,\n") == [["a", "", "c", ""], ["", "", ""]])
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaks() throws {
        let records = try read("name,description\r\n\"Order, paid\",\"He said \"\"hi\"\"\r\nthen left\"\r\nnext,x\r\n")
        #expect(records.map(\.fields) == [
            ["name", "description"],
            ["Order, paid", "He said \"hi\"\r\nthen left"],
            ["next", "x"],
        ])
        // A line break inside quotes does not start a new line: lines are spreadsheet rows.
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func anEmptyQuotedFieldIsEmpty() throws {
        #expect(try fields("\"\",\"\"\n") == [["", ""]])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsKept() throws {
        #expect(try fields("5\" screen,x\n") == [["5\" screen", "x"]])
    }

    @Test func nonASCIITextIsRead() throws {
        #expect(try fields("Café,\"Ünïcödé, 日本\"\n") == [["Café", "Ünïcödé, 日本"]])
    }

    @Test func anUnclosedQuoteIsAnErrorOnItsLine() {
        let error = syntaxError(Array("a\nb\n\"never closed,x\ny\n".utf8))
        #expect(error?.line == 3)
        #expect(error?.message.contains("not closed") == true)
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        let error = syntaxError(Array("a\n\"quoted\"tail,x\n".utf8))
        #expect(error?.line == 2)
        #expect(error?.message.contains("closing quote") == true)
    }

    @Test func invalidUTF8IsAnErrorOnItsLine() {
        let error = syntaxError(Array("a\nb,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(error?.line == 2)
        #expect(error?.message.contains("UTF-8") == true)
    }

    @Test func writingQuotesOnlyWhatNeedsIt() {
        #expect(CSV.line(["plain", "a,b", "say \"x\"", "two\nlines", "cr\r", ""]) == "plain,\"a,b\",\"say \"\"x\"\"\",\"two\nlines\",\"cr\r\",")
    }

    @Test func aFileStartsWithAByteOrderMarkAndEndsLinesWithCRLF() {
        #expect(CSV.file([["a", "b"], ["c", "d"]]) == "\u{FEFF}a,b\r\nc,d\r\n")
    }

    @Test func whatIsWrittenReadsBackTheSame() throws {
        var generator = SeededGenerator(seed: 3)
        let alphabet = Array("ab ,\"\r\n\u{E9}\u{65E5}\t;'")
        for _ in 0..<200 {
            let records = (0..<Int.random(in: 1...5, using: &generator)).map { _ in
                (0..<4).map { _ in
                    String((0..<Int.random(in: 0...6, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                }
            }
            let text = CSV.file(records)
            #expect(try CSV.records(Array(text.utf8)).map(\.fields) == records, "\(records)")
        }
    }
}
