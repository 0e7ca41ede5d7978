import Foundation

/// The terminal in raw mode on the alternate screen for a full-screen view; restores everything on
/// ``restore()``, also when the process is ended by SIGTERM or SIGHUP.
final class RawTerminal {
    nonisolated(unsafe) private static var saved: termios?

    init() {
        var attributes = termios()
        guard tcgetattr(STDIN_FILENO, &attributes) == 0 else { return }
        Self.saved = attributes
        // No line buffering, no echo, and Ctrl-C arrives as a byte (0x03) so we can restore first.
        attributes.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
        tcsetattr(STDIN_FILENO, TCSANOW, &attributes)
        Self.write("\u{1B}[?1049h\u{1B}[?25l")  // alternate screen, hide cursor
        for signalNumber in [SIGTERM, SIGHUP] {
            signal(signalNumber) { number in
                RawTerminal.restoreSaved()
                _exit(128 + number)
            }
        }
    }

    /// Leaves raw mode and the alternate screen.
    func restore() { Self.restoreSaved() }

    private static func restoreSaved() {
        guard var attributes = saved else { return }
        tcsetattr(STDIN_FILENO, TCSANOW, &attributes)
        write("\u{1B}[?25h\u{1B}[?1049l")
        saved = nil
    }

    /// Draws a whole frame from the top-left corner, clearing what the previous frame left.
    func draw(_ frame: String) {
        let body = frame.split(separator: "\n", omittingEmptySubsequences: false).map { $0 + "\u{1B}[K" }
            .joined(separator: "\r\n")
        Self.write("\u{1B}[H" + body + "\u{1B}[J")
    }

    /// Waits up to `timeout` seconds for a key; returns its bytes (empty when none came).
    func readKey(timeout: Double) -> [UInt8] {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        guard poll(&descriptor, 1, Int32(timeout * 1000)) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 16)
        let count = read(STDIN_FILENO, &buffer, buffer.count)
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    /// Columns and rows of the terminal, 80×24 when unknown.
    static var size: (columns: Int, rows: Int) {
        var window = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0 else { return (80, 24) }
        return (Int(window.ws_col), Int(window.ws_row))
    }

    private static func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
    }
}
