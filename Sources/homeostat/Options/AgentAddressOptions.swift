import ArgumentParser
import HomeostatCore

/// `--listen` for commands that talk to a running agent.
struct AgentAddressOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Address of the agent (default: from agent.json in the data directory, else agent.listen).",
            valueName: "host:port"))
    var listen: ListenAddress?
}
