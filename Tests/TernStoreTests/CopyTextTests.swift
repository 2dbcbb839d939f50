import NIOCore
import Testing
@testable import TernStore

/// COPY's text format, byte for byte: numbers, NULL, and the four characters that need a backslash.
@Suite struct CopyTextTests {
    @Test func rowsAreTabSeparatedWithEscapesAndNULL() {
        var copy = CopyText(capacity: 16)
        for value: Int64 in [0, 7, -5, 42_000, .max, .min] { copy.append(value) }
        copy.endRow()
        copy.append("plain")
        copy.append(nil)
        copy.append("")
        copy.append("a\tb\nc\rd\\e \\N é")
        copy.endRow()
        let text = String(decoding: copy.buffer.readableBytesView, as: UTF8.self)
        #expect(text == "0\t7\t-5\t42000\t9223372036854775807\t-9223372036854775808\n"
            + "plain\t\\N\t\ta\\tb\\nc\\rd\\\\e \\\\N é\n")
    }
}
