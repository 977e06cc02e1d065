using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>
/// When user grains and item shards make their served state durable (section <c>UnlearnRec:ServingPersistence</c>).
/// </summary>
/// <remarks>
/// Everything a user grain or item shard serves can be rebuilt from the engine: embedding rows are recomputable, and
/// the durable record of every removal is the influence grain's removal journal (and checkpoint), written before a
/// request reports applied. So by default the serving state is written behind: a user whose interaction list changed
/// at most <see cref="WriteBehind"/> after it is served (with its embedding, coalescing the updates that arrive
/// meanwhile); an embedding-only change (a user's neighbourhood row, an item shard's rows) with the grain's next such
/// write or when the grain deactivates. What a crashed silo had not yet written is re-sent by the influence grain,
/// which re-sends every row and interaction list when a silo leaves the cluster
/// (<see cref="InfluenceGrainOptions.RefreshOnSiloLoss"/>), and by the engine after its own silo crashed. Zero writes
/// every change before acknowledging it.
/// </remarks>
public sealed class ServingPersistenceOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:ServingPersistence";

    /// <summary>
    /// Longest time a user's changed interaction list stays unwritten (embedding-only changes wait for such a write or
    /// the deactivation); zero writes every change, rows included, before acknowledging it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan WriteBehind { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Fraction of <see cref="WriteBehind"/> by which each timed write comes early, at random (0 to 1; 0 = every write
    /// exactly one delay after its first change). Spreads the writes of grains a burst of deletions dirtied together.
    /// </summary>
    [Range(0.0, 1.0)]
    public double WriteBehindSpread { get; set; }

    /// <summary>
    /// Write pending changes when the silo shuts down (grains deactivated for other reasons always write them).
    /// The memory providers turn it off: nothing survives the process, and their storage grains may already be gone.
    /// </summary>
    public bool WriteBehindOnShutdown { get; set; } = true;
}
