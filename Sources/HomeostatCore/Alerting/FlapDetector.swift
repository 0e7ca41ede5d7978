/// Nagios-style flap detection over the last 21 evaluations of one alert condition.
///
/// Each evaluation records whether the condition held. The *state change* share is the weighted count of
/// changes between consecutive records among the last 20 pairs, divided by 20; newer changes weigh more
/// (0.8 for the oldest pair to 1.2 for the newest, linearly, as Nagios does). Flapping starts when the
/// share reaches `startShare` (0.5) and stops when it falls below `stopShare` (0.25): hysteresis, so the
/// detector itself does not flap.
///
/// - Complexity: O(1) per record (20 bits are scanned).
public struct FlapDetector: Sendable, Hashable, Codable {
    /// Share of weighted changes at which flapping starts.
    public static let startShare = 0.5
    /// Share below which flapping stops.
    public static let stopShare = 0.25
    /// Records kept.
    public static let capacity = 21

    /// The last records, newest in bit 0.
    public private(set) var bits: UInt32 = 0
    /// How many records were made, capped at ``capacity``.
    public private(set) var count = 0
    public private(set) var isFlapping = false

    public init() {}

    /// The weighted share of changes among the recorded pairs, 0–1.
    public var changeShare: Double {
        guard count >= 2 else { return 0 }
        let changes = (bits ^ (bits >> 1)) & ((1 << UInt32(count - 1)) - 1)
        guard changes != 0 else { return 0 }  // the common case: a steady condition
        var weighted = 0.0
        // Pair i compares record i and i+1 (0 = newest pair).
        for pair in 0..<(count - 1) where ((bits >> UInt32(pair)) ^ (bits >> UInt32(pair + 1))) & 1 == 1 {
            // Newest pair weighs 1.2, the 20th newest 0.8.
            weighted += 1.2 - 0.4 * Double(pair) / 19
        }
        return weighted / 20
    }

    /// Records one evaluation and updates ``isFlapping``; returns whether ``isFlapping`` changed.
    @discardableResult
    public mutating func record(_ conditionHeld: Bool) -> Bool {
        bits = ((bits << 1) | (conditionHeld ? 1 : 0)) & ((1 << UInt32(Self.capacity)) - 1)
        count = min(count + 1, Self.capacity)
        let share = changeShare
        let was = isFlapping
        if !isFlapping, share >= Self.startShare {
            isFlapping = true
        } else if isFlapping, share < Self.stopShare {
            isFlapping = false
        }
        return was != isFlapping
    }
}
