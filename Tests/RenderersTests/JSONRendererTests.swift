import ReportModel
import Testing
import TestSupport

@testable import Renderers

@Suite("JSON report")
struct JSONRendererTests {
  static func schema() throws -> JSONSchemaValidator {
    JSONSchemaValidator(schema: try JSONValue.parse(try SampleReports.schemaText()))
  }

  @Test("validates against docs/report.schema.json, every section present or null")
  func validatesAgainstSchema() throws {
    let validator = try Self.schema()
    for report in [SampleReports.kitchenSink(), SampleReports.empty()] {
      let json = try JSONValue.parse(try JSONRenderer().render(report).text)
      #expect(validator.errors(json) == [])
    }
  }

  @Test("has exactly the schema's keys, always (null for sections not asked for)")
  func keysAreTheSchemas() throws {
    let schema = try JSONValue.parse(try SampleReports.schemaText())
    guard case .object(let properties)? = schema["properties"] else {
      Issue.record("schema has no properties")
      return
    }
    let required = Set(schema["required"]?.array?.compactMap(\.string) ?? [])
    #expect(required == Set(properties.keys), "every key is required: consumers never have to guess")
    for report in [SampleReports.kitchenSink(), SampleReports.empty()] {
      guard case .object(let members) = try JSONValue.parse(try JSONRenderer().render(report).text) else {
        Issue.record("not an object")
        return
      }
      #expect(Set(members.keys) == required)
    }
    let empty = try JSONValue.parse(try JSONRenderer().render(SampleReports.empty()).text)
    #expect(empty["per_hour"] == .null)
    #expect(empty["generated_at"] == .null)
    #expect(empty["reject_detail"]?["children"] == .array([]))
    #expect(empty["bounce_detail"] == .null)
  }

  @Test("the validator catches what the schema forbids")
  func validatorRejectsViolations() throws {
    let validator = try Self.schema()
    let good = try JSONValue.parse(try JSONRenderer().render(SampleReports.kitchenSink()).text)
    guard case .object(var members) = good else { return }
    func errors(_ change: (inout [String: JSONValue]) -> Void) -> [String] {
      var copy = members
      change(&copy)
      return validator.errors(.object(copy))
    }
    #expect(!errors { $0["totals"] = nil }.isEmpty, "missing key")
    #expect(!errors { $0["surprise"] = .integer(1) }.isEmpty, "unknown key")
    #expect(!errors { $0["day_count"] = .string("2") }.isEmpty, "wrong type")
    #expect(!errors { $0["day_count"] = .integer(-1) }.isEmpty, "negative count")
    #expect(!errors { $0["period"] = .object(["first": .string("24.11.2026"), "last": .string("2026-11-25")]) }.isEmpty, "bad date")
    #expect(!errors { $0["schema_version"] = .integer(2) }.isEmpty, "other schema version")
    #expect(!errors { $0["reject_detail"] = .object(["title": .string("x")]) }.isEmpty, "incomplete nested report")
    members["per_hour"] = .array([.object(["hour": .integer(24)])])
    #expect(!validator.errors(.object(members)).isEmpty, "hour out of range")
    let unsupported = JSONSchemaValidator(schema: .object(["type": .string("object"), "minProperties": .integer(1)]))
    #expect(unsupported.errors(.object([:])).contains { $0.contains("unsupported keyword") })
  }

  @Test("is byte-stable: sorted keys, pretty-printed, compact empty arrays, final newline")
  func stableLayout() throws {
    let report = SampleReports.kitchenSink()
    let first = try JSONRenderer().render(report).text
    #expect(first == (try JSONRenderer().render(report).text))
    #expect(first.hasSuffix("}\n"))
    #expect(!first.contains("[\n\n"))
    #expect(JSONRenderer.compactingEmptyContainers("{\n  \"a\" : [\n\n  ],\n  \"b\" : {\n\n  }\n}") == "{\n  \"a\" : [],\n  \"b\" : {}\n}")
    // Top-level keys in sorted order.
    let keys = first.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.dropFirst(3).prefix { $0 != "\"" } }
    #expect(keys == keys.sorted())
    #expect(keys.first == "auth_failures" && keys.contains("schema_version"))
  }

  @Test("carries raw numbers and the strings of the log unchanged")
  func rawNumbersAndStrings() throws {
    let report = SampleReports.kitchenSink()
    let json = try JSONValue.parse(try JSONRenderer().render(report).text)
    #expect(json["totals"]?["bytes_received"] == .integer(734_063_211))
    #expect(json["delivery_domains"]?["rows"]?.array?.first?["average_delay"] == .number(1.2666666666666666))
    #expect(json["delivery_domains"]?["rows"]?.array?.first?["max_delay"]?.double == 63000)
    // Hour 8 has 2 received over 2 days: text shows 1 (pflogsumm rounds half up).
    let hour8 = json["per_hour"]?.array?[8]
    #expect(hour8?["received"] == .integer(2))
    #expect(hour8?["daily_average"]?["received"] == .integer(1))
    #expect(json["smtpd_per_hour"]?.array?.first?["daily_average"]?["total_seconds"] == .integer(1853))
    #expect(json["smtpd_totals"]?["average_seconds"] == .integer(532))
    let senders = json["senders_by_count"]?["rows"]?.array?.compactMap { $0["address"]?.string }
    #expect(senders == report.sendersByCount?.rows.map(\.address))
    #expect(json["version"] == .string("9.9.9-test"))
    #expect(json["generated_at"] == .string("2026-11-27T10:00:00"))
    #expect(json["period"]?["first"] == .string("2026-11-24"))
    #expect(json["inputs"]?.array?.first?["problems"]?.array?.count == 1)
  }
}
