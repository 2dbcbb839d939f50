import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import TernCore
import TernStore
import Testing
@testable import TernServer

/// The OpenAPI document served at `GET /openapi.json` describes exactly the routes served.
struct OpenAPITests {
    /// The keys of an OpenAPI path item that are operations (the others are `parameters`, `summary`...).
    static let operationKeys: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// A router over a fresh store in its own temporary directory.
    static func makeRouter() throws -> (router: TernRouter, directory: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path
        return (TernRouter(store: try SQLiteStore(directory: directory)), directory)
    }

    /// Hummingbird's `/v1/contacts/:id` in OpenAPI's form, `/v1/contacts/{id}`.
    static func openAPIPath(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { segment in segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment) }
            .joined(separator: "/")
    }

    static func parse(_ text: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "the document is not a JSON object")
    }

    /// Every operation of the document as `"get /v1/contacts/{id}"`.
    static func documentedOperations(_ document: [String: Any]) throws -> Set<String> {
        let paths = try #require(document["paths"] as? [String: Any], "the document has no paths object")
        var operations: Set<String> = []
        for (path, item) in paths {
            let pathItem = try #require(item as? [String: Any], "path \(path) is not an object")
            for key in pathItem.keys where operationKeys.contains(key) {
                operations.insert("\(key) \(path)")
            }
        }
        return operations
    }

    /// Every `$ref` string anywhere under `value`.
    static func references(in value: Any) -> [String] {
        if let object = value as? [String: Any] {
            var found: [String] = []
            for (key, member) in object {
                if key == "$ref", let reference = member as? String {
                    found.append(reference)
                } else {
                    found += references(in: member)
                }
            }
            return found
        }
        if let array = value as? [Any] {
            return array.flatMap { references(in: $0) }
        }
        return []
    }

    @Test func documentIsOpenAPI31JSON() throws {
        let document = try Self.parse(OpenAPIDocument.json)
        #expect(document["openapi"] as? String == "3.1.0")
        let info = try #require(document["info"] as? [String: Any])
        #expect(info["title"] as? String == "Tern")
        #expect(info["version"] is String)
    }

    @Test func convertsHummingbirdPathsToOpenAPIPaths() {
        #expect(Self.openAPIPath("/v1/contacts/:id/events") == "/v1/contacts/{id}/events")
        #expect(Self.openAPIPath("/v1/events/batch") == "/v1/events/batch")
    }

    @Test func documentListsExactlyTheRoutesServed() throws {
        let (tern, directory) = try Self.makeRouter()
        defer { try? FileManager.default.removeItem(atPath: directory) }

        let served = Set(tern.routes.map { "\($0.method.lowercased()) \(Self.openAPIPath($0.path))" })
        #expect(served.count == tern.routes.count, "a route is registered twice")
        #expect(served.contains("get /openapi.json"))

        let documented = try Self.documentedOperations(try Self.parse(OpenAPIDocument.json))
        let undocumented = served.subtracting(documented).sorted()
        let notServed = documented.subtracting(served).sorted()
        #expect(undocumented.isEmpty, "served but not in the document: \(undocumented)")
        #expect(notServed.isEmpty, "in the document but not served: \(notServed)")
    }

    @Test func everyOperationHasSummaryDescriptionAndResponses() throws {
        let document = try Self.parse(OpenAPIDocument.json)
        let paths = try #require(document["paths"] as? [String: Any])
        for (path, item) in paths {
            let pathItem = try #require(item as? [String: Any])
            for (key, value) in pathItem where Self.operationKeys.contains(key) {
                let operation = try #require(value as? [String: Any], "\(key) \(path) is not an object")
                #expect(operation["summary"] is String, "\(key) \(path) has no summary")
                #expect(operation["description"] is String, "\(key) \(path) has no description")
                let responses = operation["responses"] as? [String: Any] ?? [:]
                #expect(!responses.isEmpty, "\(key) \(path) has no responses")
            }
        }
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.parse(OpenAPIDocument.json)
        let references = Self.references(in: document)
        #expect(!references.isEmpty)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/components/"), "\(reference) does not point into components")
            var target: Any? = document
            for name in reference.dropFirst(2).split(separator: "/") {
                target = (target as? [String: Any])?[String(name)]
            }
            #expect(target is [String: Any], "\(reference) does not resolve")
        }
    }

    @Test func routerServesTheDocument() async throws {
        let (tern, directory) = try Self.makeRouter()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let app = Application(router: tern.router)

        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                let text = String(buffer: response.body)
                #expect(text == OpenAPIDocument.json)
                let document = try Self.parse(text)
                #expect(document["openapi"] as? String == "3.1.0")
            }
        }
    }
}
