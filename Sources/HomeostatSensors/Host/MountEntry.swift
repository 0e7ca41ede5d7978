/// One line of `/proc/mounts` (or `/proc/self/mounts`).
public struct MountEntry: Sendable, Equatable {
    /// The mounted source: `/dev/vda`, `tmpfs`, `server:/export`, `overlay`.
    public var device: String
    /// Where it is mounted, with the kernel's octal escapes (`\040` for a space) decoded.
    public var mountPoint: String
    /// Filesystem type: `ext4`, `xfs`, `tmpfs`, `overlay`, `proc`.
    public var type: String

    public init(device: String, mountPoint: String, type: String) {
        self.device = device
        self.mountPoint = mountPoint
        self.type = type
    }

    /// Parses `/proc/mounts`: device, mount point, type, options, and two numbers per line.
    /// - Throws: ``SensorError`` `.malformed` naming the line when it has fewer than 3 fields.
    /// - Complexity: O(n) in the file's size.
    public static func parse(_ bytes: ArraySlice<UInt8>, path: String) throws(SensorError) -> [MountEntry] {
        var entries: [MountEntry] = []
        var lines = Lines(bytes)
        while let line = lines.next() {
            var fields = Fields(line)
            guard let device = fields.next() else { continue }
            guard let mountPoint = fields.next(), let type = fields.next() else {
                throw malformed(
                    path, line: lines.number, expected: "device, mount point and filesystem type", got: quoted(line))
            }
            entries.append(
                MountEntry(device: unescape(device), mountPoint: unescape(mountPoint), type: type.text))
        }
        return entries
    }

    public static func parse(_ text: String, path: String) throws(SensorError) -> [MountEntry] {
        try parse(bytes(text), path: path)
    }

    /// Decodes `\ooo` octal escapes (the kernel escapes space, tab, newline and backslash).
    static func unescape(_ field: ArraySlice<UInt8>) -> String {
        guard field.contains(0x5C) else { return field.text }
        var out: [UInt8] = []
        out.reserveCapacity(field.count)
        var index = field.startIndex
        while index < field.endIndex {
            if field[index] == 0x5C, index + 4 <= field.endIndex,
                let value = octal(field[(index + 1)..<(index + 4)])
            {
                out.append(value)
                index += 4
            } else {
                out.append(field[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        guard digits.count == 3 else { return nil }
        var value: UInt32 = 0
        for digit in digits {
            guard digit >= 0x30 && digit <= 0x37 else { return nil }
            value = value * 8 + UInt32(digit - 0x30)
        }
        return value <= 255 ? UInt8(value) : nil
    }
}
