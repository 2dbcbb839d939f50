import Foundation
import Glibc
import Testing

/// `Expect: 100-continue`: clients that send it (libcurl before 8.0 for bodies over 1 KB, among
/// them curl-based Segment SDKs) wait for `100 Continue` before the body. Over a real socket to a
/// real `tern serve`, since the in-process test client has no HTTP/1.1 connection.
@Suite struct ExpectContinueTests {
    @Test func theServerSays100ContinueBeforeTheBodyIsSent() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tern-expect-\(UUID().uuidString)").path
        let server = try await TernProcess.serve(try TernProcess.binary(), directory: directory)
        defer {
            server.kill()
            try? FileManager.default.removeItem(atPath: directory)
        }
        let connection = try LoopbackConnection(port: server.port)
        defer { connection.close() }
        let body = #"{"events": []}"#
        try connection.send("""
            POST /v1/events/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
            Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n
            """)
        // Without the 100 the server would wait for the body (or answer at once), never 100 first.
        let interim = try connection.receiveResponse()
        #expect(interim.head.hasPrefix("HTTP/1.1 100 Continue\r\n"), "\(interim.head)")
        try connection.send(body)
        let answer = try connection.receiveResponse()
        #expect(answer.head.hasPrefix("HTTP/1.1 401"), "\(answer.head)")

        // The same connection goes on; a request without the header gets no 100.
        try connection.send("GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let next = try connection.receiveResponse()
        #expect(next.head.hasPrefix("HTTP/1.1 200"), "\(next.head)")
    }
}

/// A plain TCP connection to 127.0.0.1 whose reads give up after 10 s; it reads whole responses,
/// keeping what arrives after one for the next (a server may send two in one packet).
final class LoopbackConnection {
    let descriptor: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw TernProcessError("socket: \(errno)") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw TernProcessError("connect: \(errno)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw TernProcessError("send: \(errno)") }
            sent += count
        }
    }

    /// The next response: its head, and as much body as its Content-Length says (none for a 1xx).
    func receiveResponse() throws -> (head: String, body: String) {
        let separator = Array("\r\n\r\n".utf8)
        var end: Int?
        while end == nil {
            end = pending.indices.first { pending[$0...].starts(with: separator) }.map { $0 + separator.count }
            if end == nil { try fill() }
        }
        let head = String(decoding: pending[..<end!], as: UTF8.self)
        pending.removeFirst(end!)
        let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        while pending.count < length { try fill() }
        let body = String(decoding: pending[..<length], as: UTF8.self)
        pending.removeFirst(length)
        return (head, body)
    }

    private func fill() throws {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else {
            throw TernProcessError("nothing more within 10 s; have \(String(decoding: pending, as: UTF8.self).debugDescription)")
        }
        pending += buffer[..<count]
    }

    func close() { _ = Glibc.close(descriptor) }
}
