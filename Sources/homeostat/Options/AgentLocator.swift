import Homeostat
import HomeostatCore

/// Finds the running agent for commands that prefer its answers.
enum AgentLocator {
    /// The first address that answers `/healthz`: `--listen` if given, else `agent.json` in the data
    /// directory, else the configured listen address; nil when none answers within 1 s.
    static func answering(config: PerformanceConfig, dataDirectory: DataDirectory, listen: ListenAddress?)
        -> ListenAddress?
    {
        var candidates: [ListenAddress] = []
        if let listen {
            candidates.append(listen)
        } else {
            if let info = AgentInfo.running(in: dataDirectory), let address = ListenAddress(parsing: info.listen) {
                candidates.append(address)
            }
            candidates.append(config.agent.listen)
        }
        for address in candidates where address.port != 0 {
            if let (status, _) = try? LocalHTTPClient.get(address, path: "/healthz", timeout: 1), status < 500 {
                return address
            }
        }
        return nil
    }
}
