import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TernCore
import TernStore

/// An RFC 9457 problem: every error Tern answers with, rendered as `application/problem+json`.
struct Problem: HTTPResponseError {
    var status: HTTPResponse.Status
    var detail: String
    var errors: [FieldError] = []
    var headers: HTTPFields = [:]

    static func badRequest(_ detail: String) -> Problem { Problem(status: .badRequest, detail: detail) }
    static func notFound(_ detail: String) -> Problem { Problem(status: .notFound, detail: detail) }
    static func unauthorized(_ detail: String) -> Problem {
        Problem(status: .unauthorized, detail: detail, headers: [.wwwAuthenticate: "Bearer"])
    }
    static func forbidden(_ detail: String) -> Problem { Problem(status: .forbidden, detail: detail) }
    static func conflict(_ detail: String, field: String? = nil) -> Problem {
        Problem(status: .conflict, detail: detail, errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }
    static func invalid(_ failure: ValidationFailure) -> Problem {
        Problem(status: .unprocessableContent, detail: "The request has \(failure.errors.count) invalid field(s).", errors: failure.errors)
    }
    static func tooLarge(_ detail: String) -> Problem { Problem(status: .contentTooLarge, detail: detail) }

    var body: JSONValue {
        var members: JSONObject = [
            "type": .string("about:blank"),
            "title": .string(status.reasonPhrase),
            "status": .integer(status.code),
            "detail": .string(detail),
        ]
        if !errors.isEmpty {
            members["errors"] = .array(errors.map { .object(["field": .string($0.field), "message": .string($0.message)]) })
        }
        return .object(members)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response { response }

    var response: Response {
        var response = Response.json(body, status: status, contentType: "application/problem+json")
        for field in headers { response.headers.append(field) }
        return response
    }

    /// The problem that answers any error thrown while handling a request.
    static func from(_ error: any Error) -> Problem? {
        switch error {
        case let problem as Problem: return problem
        case let failure as ValidationFailure: return .invalid(failure)
        case let syntax as JSONSyntaxError: return .badRequest("Malformed JSON: \(syntax)")
        case StoreError.conflict(let field, let message): return .conflict(message, field: field)
        case StoreError.notFound: return .notFound("Not found.")
        case StoreError.unavailable:
            return Problem(status: .serviceUnavailable, detail: "Tern cannot reach its database right now; retry shortly.",
                           headers: [.retryAfter: "5"])
        case is NIOTooManyBytesError: return .tooLarge("The request body is larger than this route accepts.")
        case is EventWriter.Overloaded:
            return Problem(status: .serviceUnavailable, detail: "Tern is taking in more events than it can store right now; retry shortly.",
                           headers: [.retryAfter: "1"])
        case let http as HTTPError:
            return Problem(status: http.status, detail: http.body ?? defaultDetail(http.status), headers: http.headers)
        default: return nil
        }
    }

    private static func defaultDetail(_ status: HTTPResponse.Status) -> String {
        switch status {
        case .notFound: "No route matches this method and path."
        case .methodNotAllowed: "This method is not allowed on this path."
        default: status.reasonPhrase
        }
    }
}

/// Turns every error into a problem response; anything unexpected becomes a logged 500
/// that reveals nothing internal.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let problem = Problem.from(error) {
                return try problem.response(from: request, context: context)
            }
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            return try Problem(status: .internalServerError, detail: "An internal error occurred; it has been logged.")
                .response(from: request, context: context)
        }
    }
}

extension Response {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, contentType: String = "application/json") -> Response {
        var bytes: [UInt8] = []
        JSONWriter.write(value, into: &bytes)
        return Response(
            status: status,
            headers: [.contentType: contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
