import HomeostatCore

extension MetricStore {
    /// Writes one working-memory flush batch: resolves (and registers) its series, then stores its
    /// sealed and open chunks and its minute and hour rollups in one transaction. Open chunks and
    /// open rollups replace the versions an earlier flush stored, so after a crash at most one flush
    /// interval of the newest samples is missing.
    /// - Complexity: one lookup per new series (ids are cached), one row per chunk and rollup.
    public func write(_ flush: WorkingMemory.FlushBatch) async throws(StoreError) {
        guard !flush.isEmpty else { return }
        var keys = Set<SeriesKey>()
        for (key, _) in flush.sealedChunks + flush.openChunks { keys.insert(key) }
        for (key, _) in flush.minuteRollups + flush.hourRollups { keys.insert(key) }
        let ids = try await seriesIDs(for: Array(keys))
        func id(_ key: SeriesKey) throws(StoreError) -> Int64 {
            guard let id = ids[key] else {
                throw StoreError(kind: .rejected, path: path, message: "no series id was assigned to \(key)")
            }
            return id
        }
        var chunks: [StoreBatch.SeriesChunk] = []
        for (key, chunk) in flush.sealedChunks + flush.openChunks {
            chunks.append(StoreBatch.SeriesChunk(seriesID: try id(key), chunk: chunk))
        }
        var minutes: [StoreBatch.SeriesRollup] = []
        for (key, rollup) in flush.minuteRollups {
            minutes.append(StoreBatch.SeriesRollup(seriesID: try id(key), rollup: rollup))
        }
        var hours: [StoreBatch.SeriesRollup] = []
        for (key, rollup) in flush.hourRollups {
            hours.append(StoreBatch.SeriesRollup(seriesID: try id(key), rollup: rollup))
        }
        try await write(StoreBatch(chunks: chunks, minuteRollups: minutes, hourRollups: hours))
    }
}
