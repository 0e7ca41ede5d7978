/// A command failed for a reason the user can act on; ArgumentParser prints `Error: <description>`
/// without the usage text (which a `ValidationError` would add).
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
