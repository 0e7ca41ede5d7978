import ArgumentParser

/// `homeostat`: the command-line front of the engine.
@main
struct HomeostatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "homeostat",
        abstract: "A self-regulating performance engine for Linux hosts and the services on them.",
        discussion: """
            Start the agent with `homeostat run`; it samples the host every second and serves
            http://127.0.0.1:7777/api/v1/metrics/realtime. `homeostat status` and `homeostat top`
            read from a running agent, or sample the host themselves when none runs.
            """,
        version: HomeostatVersion.current,
        subcommands: [
            RunCommand.self, StatusCommand.self, TopCommand.self, QueryCommand.self, TrendsCommand.self,
            CorrelateCommand.self, DetectCommand.self, ForecastCommand.self, AnomaliesCommand.self,
            BottlenecksCommand.self, PredictCommand.self, AlertsCommand.self, ConfigCommand.self,
            MetricsCommand.self,
        ]
    )
}

enum HomeostatVersion {
    static let current = "0.1.0"
}
