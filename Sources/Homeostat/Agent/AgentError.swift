/// Why the agent could not start or run: each case carries what a person needs to fix it.
public enum AgentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data directory cannot be created or written.
    case dataDirectoryNotWritable(path: String, reason: String)
    /// The listen address is taken or cannot be bound.
    case cannotListen(address: String, reason: String)
    /// The metric store cannot be opened.
    case storeUnavailable(path: String, reason: String)

    public var description: String {
        switch self {
        case .dataDirectoryNotWritable(let path, let reason):
            return "data directory \(path) is not usable: \(reason). Choose another with --data-dir DIR."
        case .cannotListen(let address, let reason):
            return "cannot listen on \(address): \(reason). Choose another with --listen HOST:PORT."
        case .storeUnavailable(let path, let reason):
            return "cannot open the metric store \(path): \(reason). Choose another data directory with --data-dir DIR."
        }
    }
}
