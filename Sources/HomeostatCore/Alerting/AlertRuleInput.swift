import Foundation

/// An alert rule as written, before validation: a tree of scalars, lists and mappings with the line each
/// came from. Built from the YAML configuration (``ConfigLoader``) or a JSON request body
/// (``init(json:)``), so both are checked by the one ``AlertRuleParser``.
public struct AlertRuleInput: Sendable {
    public indirect enum Value: Sendable {
        /// Text as written; `quoted` when it was a quoted string (so `"12"` is not a number).
        case scalar(String, quoted: Bool)
        case list([AlertRuleInput])
        /// Keys in the order written.
        case mapping([(key: String, value: AlertRuleInput)])
        case null
    }

    public var value: Value
    /// 1-based line in the file, when known.
    public var line: Int?
    public var column: Int?

    public init(_ value: Value, line: Int? = nil, column: Int? = nil) {
        self.value = value
        self.line = line
        self.column = column
    }

    /// From a value of `JSONSerialization`: strings are quoted scalars, numbers and booleans plain ones.
    public init(json: Any) {
        switch json {
        case let text as String:
            self.init(.scalar(text, quoted: true))
        case let number as NSNumber:
            // JSONSerialization gives numbers and booleans as NSNumber; a boolean's type code is "c" (char).
            if String(cString: number.objCType) == "c" {
                self.init(.scalar(number.boolValue ? "true" : "false", quoted: false))
            } else {
                self.init(.scalar(Self.format(number.doubleValue), quoted: false))
            }
        case let list as [Any]:
            self.init(.list(list.map { AlertRuleInput(json: $0) }))
        case let object as [String: Any]:
            self.init(.mapping(object.keys.sorted().map { ($0, AlertRuleInput(json: object[$0]!)) }))
        default:
            self.init(.null)
        }
    }

    private static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// How it reads in a message: `"abc"` for a quoted string, `12`, `null`, `a list of 2 items`.
    public var described: String {
        switch value {
        case .scalar(let text, let quoted): return quoted ? "\"\(text)\"" : text
        case .list(let items): return "a list of \(items.count) items"
        case .mapping(let pairs): return "a mapping with keys " + pairs.map(\.key).joined(separator: ", ")
        case .null: return "null (no value)"
        }
    }
}
