import ArgumentParser
import Foundation
import Homeostat
import HomeostatCore
import HomeostatSensors

/// `homeostat top`: a live full-screen view refreshed every second.
struct TopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top",
        abstract: "Live terminal view: per-core bars, memory, disks, network, top processes, sparklines.",
        discussion: "Press q or Ctrl-C to quit. Without a terminal (or with --batch) prints plain frames.")

    @OptionGroup var options: ConfigOptions

    @OptionGroup var agent: AgentAddressOptions

    @Flag(help: "Print plain frames to stdout instead of drawing the screen.")
    var batch = false

    @Option(name: [.customShort("n"), .long], help: "Stop after this many frames (default: until q).")
    var iterations: Int?

    @Option(help: ArgumentHelp("Seconds between frames.", valueName: "seconds"))
    var delay: Double = 1

    func validate() throws {
        if let iterations, iterations < 1 {
            throw ValidationError("--iterations must be at least 1, got \(iterations)")
        }
        if !(0.2...60).contains(delay) { throw ValidationError("--delay must be from 0.2 to 60 seconds, got \(delay)") }
    }

    func run() async throws {
        let config = try options.load()
        var feed = MetricsFeed(config: config, dataDirectory: options.dataDirectory(config), listen: agent.listen)
        var processes = ProcessTable(root: .host)
        var view = TopView(origin: feed.description)
        let interactive = !batch && isatty(STDOUT_FILENO) == 1 && isatty(STDIN_FILENO) == 1
        let terminal = interactive ? RawTerminal() : nil
        defer { terminal?.restore() }
        var frames = 0
        while iterations.map({ frames < $0 }) ?? true {
            let report = try await feed.next()
            let top = (try? processes.scan(at: Date().timeIntervalSince1970)) ?? []
            view.record(report)
            let size = interactive ? RawTerminal.size : (columns: 100, rows: 40)
            let frame = view.render(report, processes: top, columns: size.columns, rows: size.rows)
            frames += 1
            if let terminal {
                terminal.draw(frame)
                let key = terminal.readKey(timeout: delay)
                if key.contains(where: { $0 == UInt8(ascii: "q") || $0 == UInt8(ascii: "Q") || $0 == 3 }) { break }
            } else {
                print(frame + "\n")
                if iterations.map({ frames < $0 }) ?? true { try await Task.sleep(for: .seconds(delay)) }
            }
        }
    }
}
