/// Comma-separated values as RFC 4180 describes them and spreadsheets write them.
///
/// Reading accepts a UTF-8 byte order mark, CRLF, LF or CR line ends, and quoted fields
/// holding commas, line breaks and doubled quotes (`""`). Writing quotes only the fields that
/// need it and ends every line with CRLF.
///
/// ```swift
/// let records = try CSV.records(Array("name,id\r\n\"Order, paid\",cl_order\r\n".utf8))
/// records[1].fields   // ["Order, paid", "cl_order"]
/// records[1].line     // 2
/// CSV.line(["Order, paid", "cl_order"])   // "\"Order, paid\",cl_order"
/// ```
public enum CSV {
    /// The UTF-8 byte order mark, which spreadsheets put first so that they read the file back as UTF-8.
    public static let byteOrderMark = "\u{FEFF}"

    /// Every record of `bytes`, numbered as a spreadsheet numbers its rows (the first record is line 1;
    /// a line break inside a quoted field does not start a new one). A blank line is a record with one
    /// empty field; a line end after the last record does not make another.
    public static func records(_ bytes: [UInt8]) throws(CSVSyntaxError) -> [CSVRecord] {
        var reader = Reader(bytes: bytes)
        return try reader.readAll()
    }

    /// One line of a file: the fields joined by commas, quoted where needed, without a line end.
    public static func line(_ fields: [String]) -> String {
        var out = ""
        for (i, field) in fields.enumerated() {
            if i > 0 { out += "," }
            appendField(field, to: &out)
        }
        return out
    }

    /// A whole file: a byte order mark (so spreadsheets read it as UTF-8), then every record ending with CRLF.
    public static func file(_ records: [[String]]) -> String {
        var out = byteOrderMark
        for record in records {
            out += line(record)
            out += "\r\n"
        }
        return out
    }

    static func appendField(_ field: String, to out: inout String) {
        let needsQuotes = field.utf8.contains { byte in
            byte == .comma || byte == .quote || byte == .carriageReturn || byte == .lineFeed
        }
        guard needsQuotes else {
            out += field
            return
        }
        out += "\""
        for character in field.unicodeScalars {
            if character == "\"" { out += "\"" }
            out.unicodeScalars.append(character)
        }
        out += "\""
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var line = 1

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func readAll() throws(CSVSyntaxError) -> [CSVRecord] {
            var records: [CSVRecord] = []
            guard index < bytes.count else { return records }
            var fields: [String] = []
            while true {
                fields.append(try readField())
                if index == bytes.count {
                    records.append(CSVRecord(line: line, fields: fields))
                    return records
                }
                switch bytes[index] {
                case .comma:
                    index += 1
                    continue
                case .carriageReturn:
                    index += 1
                    if index < bytes.count, bytes[index] == .lineFeed { index += 1 }
                default:  // .lineFeed: readField stops only at a comma, a line end or the end
                    index += 1
                }
                records.append(CSVRecord(line: line, fields: fields))
                fields.removeAll(keepingCapacity: true)
                line += 1
                if index == bytes.count { return records }
            }
        }

        private mutating func readField() throws(CSVSyntaxError) -> String {
            guard index < bytes.count, bytes[index] == .quote else {
                let start = index
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == .comma || byte == .carriageReturn || byte == .lineFeed { break }
                    index += 1
                }
                return try text(bytes[start..<index])
            }
            index += 1
            var unquoted: [UInt8] = []
            while true {
                guard index < bytes.count else {
                    throw CSVSyntaxError(line: line, message: "a quoted field is not closed; a quote inside a quoted field is written as two quotes (\"\")")
                }
                let byte = bytes[index]
                index += 1
                if byte == .quote {
                    if index < bytes.count, bytes[index] == .quote {
                        unquoted.append(.quote)
                        index += 1
                    } else {
                        break
                    }
                } else {
                    unquoted.append(byte)
                }
            }
            if index < bytes.count, ![UInt8.comma, .carriageReturn, .lineFeed].contains(bytes[index]) {
                throw CSVSyntaxError(line: line, message: "a closing quote must be followed by a comma or the end of the line; a quote inside a quoted field is written as two quotes (\"\")")
            }
            return try text(unquoted[...])
        }

        private func text(_ slice: ArraySlice<UInt8>) throws(CSVSyntaxError) -> String {
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw CSVSyntaxError(line: line, message: "is not valid UTF-8; save the file as CSV UTF-8")
            }
            return text
        }
    }
}

/// One record of a CSV file and the line (spreadsheet row) it is on.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}

/// Text that is not CSV, and the line where reading stopped.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

extension UInt8 {
    fileprivate static let comma = UInt8(ascii: ",")
    fileprivate static let quote = UInt8(ascii: "\"")
    fileprivate static let carriageReturn = UInt8(ascii: "\r")
    fileprivate static let lineFeed = UInt8(ascii: "\n")
}
