package import Pipeline

extension BackfillJobs {
    /// Runs a queued job to its end: the backfill, and beside it the periodic write of the
    /// job's record (its progress, and proof that it is running).
    ///
    /// When the runner's drain deadline cancels it, the backfill stops between batches and
    /// the job ends `interrupted`.
    nonisolated package func run(_ id: String, request: BackfillRequest, backfill: Backfill) async {
        await start(id)
        let result = await withTaskGroup(of: BackfillResult?.self) { group in
            group.addTask {
                await backfill.run(request) { await self.update(id, progress: $0) }
            }
            group.addTask {
                while (try? await self.clock.sleep(for: self.persistInterval)) != nil {
                    await self.save(id)
                }
                return nil
            }
            var result: BackfillResult?
            while let finished = await group.next() {
                if let finished {
                    result = finished
                    group.cancelAll()
                }
            }
            return result
        }
        guard let result else { return }
        // Only the runner's drain deadline cancels a job; the backfill notices it between
        // batches, so a job cut inside its last batch reports that batch's failures instead.
        let interrupted = result.status == "cancelled" || (Task.isCancelled && result.status != "complete")
        await finish(id, result: result, interrupted: interrupted)
    }
}
