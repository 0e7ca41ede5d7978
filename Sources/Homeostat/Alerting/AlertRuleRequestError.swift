/// A rule sent to the API is wrong (`invalid`, 400) or asks for what the API may not set (`forbidden`,
/// 403: command actions). `issues` name the field, what was expected and what was found.
public struct AlertRuleRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case invalid, forbidden }
    public var kind: Kind
    public var issues: [String]
    public var description: String { issues.joined(separator: "; ") }
}
