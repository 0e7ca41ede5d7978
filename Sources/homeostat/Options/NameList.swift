import ArgumentParser
import Foundation

/// Parses an option's comma-separated list of names (`median, cusum`) into the enum cases they name:
/// names are trimmed and matched case-insensitively against the raw values.
enum NameList {
    /// - Parameters:
    ///   - option: the option as written, for messages: `--detectors`.
    ///   - noun: one item, for the empty-list message: `detector`.
    /// - Throws: `ValidationError` naming the option, the known names and the bad one; or an empty list.
    static func parse<Kind: RawRepresentable & CaseIterable>(_ text: String, option: String, noun: String) throws
        -> [Kind] where Kind.RawValue == String
    {
        var kinds: [Kind] = []
        for field in text.split(separator: ",") {
            let name = field.trimmingCharacters(in: .whitespaces).lowercased()
            guard let kind = Kind(rawValue: name) else {
                let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
                throw ValidationError("\(option): expected names from \(known), got \"\(field)\"")
            }
            kinds.append(kind)
        }
        guard !kinds.isEmpty else { throw ValidationError("\(option): expected at least one \(noun), got none") }
        return kinds
    }
}
