import Hummingbird
import NIOCore
import TernCore

/// Size limits of request bodies, as the HTTP conventions set them.
enum BodyLimit {
    static let event = 32 * 1024
    static let request = 500 * 1024
    static let batchEvents = 1000
}

extension Request {
    /// Reads the body as JSON: 413 past `limit` bytes, 400 for invalid UTF-8 or malformed JSON
    /// (saying where it broke).
    func decodeJSON(limit: Int) async throws -> JSONValue {
        try JSONParser.parse(try await jsonBytes(limit: limit))
    }

    /// Reads the body for ``JSONParser``: 413 past `limit` bytes, 400 if it is empty.
    func jsonBytes(limit: Int) async throws -> [UInt8] {
        var buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge("The request body is larger than \(limit / 1024) KB.")
        }
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if bytes.isEmpty { throw Problem.badRequest("The request body is empty; a JSON object is expected.") }
        return bytes
    }
}
