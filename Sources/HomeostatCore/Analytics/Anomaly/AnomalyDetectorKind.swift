/// The detectors an ``AnomalyColumn`` can combine. The raw values are the names `homeostat detect
/// --detectors` accepts.
public enum AnomalyDetectorKind: String, CaseIterable, Sendable, Hashable, Codable {
    /// Robust z-score: distance from the rolling median in units of 1.4826·MAD (``RollingMedianMAD``).
    case median
    /// Distance from an EWMA mean in EWMA standard deviations (``EWMADetector``).
    case ewma
    /// Residual of a seasonal forecast with the series' detected period (``SeasonalResidualDetector``).
    case seasonal
    /// Level shifts and variance increases by CUSUM (``CUSUMDetector``).
    case cusum
    /// Abrupt change between consecutive samples (``RateOfChangeDetector``).
    case rate
}
