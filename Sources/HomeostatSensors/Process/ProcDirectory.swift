#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Directory listing for `/proc` (numeric entries) and `/proc/<pid>/fd` (entry count).
enum ProcDirectory {
    /// The pids of `<proc>`: its entries whose names are all digits.
    /// - Throws: ``SensorError`` when the directory cannot be opened.
    /// - Complexity: O(e) for e entries.
    static func pids(in path: String) throws(SensorError) -> [Int32] {
        var pids: [Int32] = []
        try forEachEntry(path) { name in
            var value: Int32 = 0
            for byte in name {
                guard byte >= 0x30 && byte <= 0x39 else { return }
                value = value &* 10 &+ Int32(byte - 0x30)
            }
            if !name.isEmpty { pids.append(value) }
        }
        return pids
    }

    /// The number of entries other than `.` and `..` (for `/proc/<pid>/fd`: open descriptors).
    static func entryCount(_ path: String) throws(SensorError) -> Int {
        var count = 0
        try forEachEntry(path) { name in
            if !(name.count == 1 && name[0] == 0x2E) && !(name.count == 2 && name[0] == 0x2E && name[1] == 0x2E) {
                count += 1
            }
        }
        return count
    }

    private static func forEachEntry(
        _ path: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) throws(SensorError) {
        guard let directory = opendir(path) else {
            throw FileReader.error(errno, path: path, action: "opendir")
        }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { name in
                    body(
                        UnsafeBufferPointer(
                            start: name, count: strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))))
                }
            }
        }
    }
}
