/// An SVG plot of a series' history and its forecast: the history as a line, the forecast as a dashed
/// line, the prediction interval as a shaded band, the y range labelled. Pure text, no I/O.
///
/// - Complexity: O(history + horizon).
public enum ForecastPlot {
    /// The SVG document. `history` is drawn in full; values are placed on a common x scale, one unit
    /// per sample, and a y scale spanning every finite value and bound.
    /// - Parameters:
    ///   - width: pixels (default 800); `height`: pixels (default 320).
    public static func svg(
        history: [Double], forecast: Forecast, title: String, width: Int = 800, height: Int = 320
    ) -> String {
        let all = (history + forecast.mean + forecast.lower + forecast.upper).filter(\.isFinite)
        let low = all.min() ?? 0
        let high = all.max() ?? 1
        let span = high > low ? high - low : 1
        let (left, right, top, bottom) = (60.0, 10.0, 30.0, 20.0)
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let count = max(history.count + forecast.horizon - 1, 1)
        func x(_ index: Int) -> String {
            TextGraphics.fixed(left + plotWidth * Double(index) / Double(count), decimals: 1)
        }
        func y(_ value: Double) -> String {
            TextGraphics.fixed(top + plotHeight * (1 - (value - low) / span), decimals: 1)
        }
        func points(_ values: [Double], from start: Int) -> String {
            values.enumerated().filter { $0.element.isFinite }.map { "\(x(start + $0.offset)),\(y($0.element))" }
                .joined(separator: " ")
        }
        let origin = history.count
        // The band: along the upper bounds, back along the lower ones.
        var corners: [String] = []
        for i in 0..<forecast.horizon where forecast.upper[i].isFinite {
            corners.append("\(x(origin + i)),\(y(forecast.upper[i]))")
        }
        for i in (0..<forecast.horizon).reversed() where forecast.lower[i].isFinite {
            corners.append("\(x(origin + i)),\(y(forecast.lower[i]))")
        }
        let band = corners.joined(separator: " ")
        let level = TextGraphics.fixed(forecast.confidenceLevel * 100, decimals: 1)
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Int(left))" y="18" font-family="sans-serif" font-size="13">\(escaped(title)) — \(level) % interval</text>
            <text x="4" y="\(y(high))" font-family="sans-serif" font-size="11">\(TextGraphics.fixed(high, decimals: 2))</text>
            <text x="4" y="\(y(low))" font-family="sans-serif" font-size="11">\(TextGraphics.fixed(low, decimals: 2))</text>
            <line x1="\(Int(left))" y1="\(Int(top))" x2="\(Int(left))" y2="\(Int(top + plotHeight))" stroke="#999"/>
            <polygon points="\(band)" fill="#f4a261" fill-opacity="0.35" stroke="none"/>
            <polyline points="\(points(history, from: 0))" fill="none" stroke="#264653" stroke-width="1.2"/>

            """
        let joined = [history.last ?? forecast.mean.first ?? 0] + forecast.mean
        svg += """
            <polyline points="\(points(joined, from: origin - 1))" fill="none" stroke="#e76f51" stroke-width="1.5" stroke-dasharray="5,3"/>
            </svg>

            """
        return svg
    }

    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }
}
