// What parsing and validating a batch request costs one core, with no HTTP and no store: the CPU
// work `POST /v1/events/batch` does for each event before the writer sees it (`JSONParser.parse`,
// then, as the route does for a body over 32 KB, each event's size, then `EventValidator.validate`,
// which also writes the properties' stored text). The bodies are bench/events.lua's: 100
// `cl_order_completed` events (or `--batch-events`), each for one of 100,000 externalIds with
// three declared properties (number, string, URL). Bodies are generated before the clock starts.
//
//     swift run -c release tern-decode-bench [--rounds N] [--batches N] [--batch-events N]
//
// Prints one line per round (µs per event, events per second on one core) and a RESULT line with
// the best round: the machine is shared, so the best round is the least disturbed one.

import Foundation
import TernCore

var rounds = 5
var batchesPerRound = 2_000
var eventsPerBatch = 100
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard let value = arguments.popFirst().flatMap(Int.init), value > 0 else {
        FileHandle.standardError.write(Data("usage: tern-decode-bench [--rounds N] [--batches N] [--batch-events N]\n".utf8))
        exit(2)
    }
    switch flag {
    case "--rounds": rounds = value
    case "--batches": batchesPerRound = value
    case "--batch-events": eventsPerBatch = value
    default:
        FileHandle.standardError.write(Data("unknown option \(flag)\n".utf8))
        exit(2)
    }
}

let definition = EventDefinition(
    id: "cl_order_completed", name: "Order completed", direction: .inbound, score: 10,
    properties: [
        PropertyDefinition(id: "cl_price", name: "Price", type: .number),
        PropertyDefinition(id: "cl_sku", name: "SKU", type: .string),
        PropertyDefinition(id: "cl_url", name: "URL", type: .url),
    ])
let validator = EventValidator(definitions: [definition])
let receivedAt = Int64(Date().timeIntervalSince1970 * 1000)
let time = Timestamp.iso8601(receivedAt - 1000)

var random = SystemRandomNumberGenerator()
let bodies: [[UInt8]] = (0..<64).map { _ in
    let events = (0..<eventsPerBatch).map { _ in
        let tenths = Int.random(in: 1...99_999, using: &random)
        return #"{"event":"cl_order_completed","externalId":"u\#(Int.random(in: 0..<100_000, using: &random))","time":"\#(time)","#
            + #""properties":{"cl_price":\#(tenths / 10).\#(tenths % 10),"cl_sku":"SKU-\#(Int.random(in: 1...5_000, using: &random))","#
            + #""cl_url":"https://shop.example/p/\#(Int.random(in: 1...100_000, using: &random))"}}"#
    }
    return Array(#"{"events":[\#(events.joined(separator: ","))]}"#.utf8)
}

// The route's rule: only a body over the per-event limit can hold an event over it.
let checksEventSize = bodies.contains { $0.count > 32 * 1024 }
print("\(eventsPerBatch) events per body of \(bodies[0].count / 1024) KB; each event's size checked: \(checksEventSize)")

var best = Double.infinity
for round in 1...rounds {
    var valid = 0
    let start = DispatchTime.now().uptimeNanoseconds
    for batch in 0..<batchesPerRound {
        var reader = try JSONObjectReader(try JSONParser.parse(bodies[batch % bodies.count]))
        for item in reader.array("events", required: true) ?? [] {
            if checksEventSize, JSONWriter.byteCount(of: item) > 32 * 1024 { continue }
            if case .success = validator.validate(item, receivedAt: receivedAt, source: .api) { valid += 1 }
        }
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    guard valid == batchesPerRound * eventsPerBatch else {
        FileHandle.standardError.write(Data("only \(valid) of \(batchesPerRound * eventsPerBatch) events were valid\n".utf8))
        exit(1)
    }
    let micros = elapsed / Double(valid) / 1_000
    best = min(best, micros)
    print(String(format: "round %d: %.3f µs per event, %.0f events/s on one core", round, micros, 1e6 / micros))
}
print(String(format: "RESULT best_us_per_event=%.3f events_per_s_per_core=%.0f", best, 1e6 / best))
