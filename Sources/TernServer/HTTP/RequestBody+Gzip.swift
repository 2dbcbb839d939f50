import CompressNIO
import Hummingbird
import NIOCore
import TernCore

extension Request {
    /// ``jsonBytes(limit:)`` of a body that may be gzip-compressed (`Content-Encoding: gzip`, as
    /// Segment's SDKs send it). `limit` applies to the body both as sent and decompressed, so a
    /// small compressed body cannot expand into a large one.
    func jsonBytesMaybeGzip(limit: Int) async throws -> [UInt8] {
        guard let encoding = headers[.contentEncoding]?.lowercased(), encoding != "identity" else {
            return try await jsonBytes(limit: limit)
        }
        guard encoding == "gzip" else {
            throw Problem(status: .unsupportedMediaType, detail: "Content-Encoding \(encoding.prefix(40)) is not supported; send gzip or none.")
        }
        var compressed: ByteBuffer
        do {
            compressed = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem.tooLarge("The request body is larger than \(limit / 1024) KB.")
        }
        var plain: ByteBuffer
        do {
            plain = try compressed.decompress(with: .gzip(), maxSize: limit + 1)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw Problem.tooLarge("The decompressed body is larger than \(limit / 1024) KB.")
        } catch {
            throw Problem.badRequest("The body is not valid gzip.")
        }
        if plain.readableBytes > limit { throw Problem.tooLarge("The decompressed body is larger than \(limit / 1024) KB.") }
        let bytes = plain.readBytes(length: plain.readableBytes) ?? []
        if bytes.isEmpty { throw Problem.badRequest("The request body is empty; a JSON object is expected.") }
        return bytes
    }
}
