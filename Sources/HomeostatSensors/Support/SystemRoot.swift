/// The filesystem root the sensors read `/proc` and `/sys` under.
///
/// The host's own root is ``host`` (`/`). Tests point it at a fixture tree
/// (`Fixtures/<shape>/proc/...`); an agent in a container with the host's root mounted at
/// `/host` uses `SystemRoot("/host")`.
public struct SystemRoot: Sendable, Hashable, CustomStringConvertible {
    /// The root directory, without a trailing slash (`""` for `/`).
    public let prefix: String

    /// The host's root, `/`.
    public static let host = SystemRoot("/")

    /// - Parameter path: an absolute directory; a trailing slash is ignored.
    public init(_ path: String) {
        var trimmed = Substring(path)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        prefix = String(trimmed)
    }

    /// The full path of `absolute` (which starts with `/`) under this root:
    /// `SystemRoot("/fx").path("/proc/stat") == "/fx/proc/stat"`.
    /// - Complexity: O(n) in the length of the path; sensors compute their paths once.
    public func path(_ absolute: String) -> String {
        prefix + absolute
    }

    public var description: String { prefix.isEmpty ? "/" : prefix }
}
