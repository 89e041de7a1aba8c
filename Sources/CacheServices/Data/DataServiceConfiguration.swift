package import SeedCore
import Pipeline

/// How `/data` behaves; every value has the documented default.
package struct DataServiceConfiguration: Sendable {
    /// The longest span one request may ask for. Default 168 hours (7 days).
    package var maximumHours: Int
    /// Minutes data needs to reach the FDSN service (as the cron's `IRIS_DELAY_MINUTES`).
    /// Ranges are clipped at the last whole 10 minutes before `now - delay`. Default 2.
    package var delayMinutes: Int
    /// How long parsed day metadata is reused between requests. Default 5 s.
    package var metadataLifetime: Duration
    /// How long a failed generation is answered from memory before the source is asked
    /// again (no request storm on a dead station). Default 60 s.
    package var failureHold: Duration
    /// The SeedCore rules (95 % completeness), as the cron uses them.
    package var processor: WindowProcessor
    /// How long a replica's generation lease lives without renewal (`DATA_GENERATION_LEASE_SECONDS`);
    /// a crashed replica's generation is taken over this long after its last renewal. Default 30 s.
    package var leaseDuration: Duration
    /// How often a replica following another's generation looks at the store. Default 1 s.
    package var followInterval: Duration
    /// Generations that run at once (`DATA_GENERATION_CONCURRENCY`). Default 2: each holds
    /// up to a day of miniSEED per request and sends its FDSN requests one after another.
    package var generationConcurrency: Int
    /// Generations that may wait for a turn before new ones are refused with 503
    /// (`DATA_GENERATION_QUEUE`). Default 8.
    package var generationQueue: Int
    /// How long one generation may wait on the source (`DATA_GENERATION_BUDGET_SECONDS`):
    /// past it the range's unfetched rest is skipped and its place freed. Default 120 s.
    package var generationBudget: Duration

    /// Creates a configuration.
    package init(
        maximumHours: Int = 168, delayMinutes: Int = 2, metadataLifetime: Duration = .seconds(5),
        failureHold: Duration = .seconds(60), processor: WindowProcessor = WindowProcessor(),
        generationConcurrency: Int = 2, generationQueue: Int = 8, leaseDuration: Duration = .seconds(30),
        followInterval: Duration = .seconds(1), generationBudget: Duration = .seconds(120)
    ) {
        self.generationBudget = generationBudget
        self.leaseDuration = leaseDuration
        self.followInterval = followInterval
        self.generationConcurrency = generationConcurrency
        self.generationQueue = generationQueue
        self.maximumHours = maximumHours
        self.delayMinutes = delayMinutes
        self.metadataLifetime = metadataLifetime
        self.failureHold = failureHold
        self.processor = processor
    }
}
