using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>Behaviour of the influence grain (section <c>UnlearnRec:Influence</c>).</summary>
public sealed class InfluenceGrainOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Influence";

    /// <summary>Delay before rows held back by the fan-out cap are flushed when no new batch carries them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan DriftFlushDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Write a last checkpoint when the grain deactivates cleanly, recording that every row was delivered (so the next
    /// start skips the full refresh). Pointless with memory storage, which the memory providers turn off.
    /// </summary>
    public bool CheckpointOnDeactivation { get; set; } = true;

    /// <summary>Period of background consolidation (full refresh); zero disables it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan ConsolidationInterval { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Re-send every served row and interaction list when a silo leaves the cluster: grains that lived there may have
    /// lost changes that were not yet written behind (see <see cref="ServingPersistenceOptions.WriteBehind"/>).
    /// </summary>
    public bool RefreshOnSiloLoss { get; set; } = true;

    /// <summary>
    /// How often the engine checkpoint is written in the background. A request does not wait for it: the forgotten
    /// interactions are durable in the removal journal before a request reports applied, and after an unclean stop the
    /// influence grain restores the checkpoint and replays the journal on top of it. Each durable checkpoint drops the
    /// journal records it covers, so the interval bounds the journal's size and the replay a restart needs. Seeding and
    /// consolidation still write one before they complete, and a clean stop writes a final one.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Where the serving grains keep their state, as the silo host configured it (for example the users table's name,
    /// buckets and tables); empty for memory storage. Part of what "seeded" means: when it changes, the stored user
    /// states are looked for somewhere else and not found, so the influence grain seeds every serving grain once
    /// more from the engine, as after a model change. Set by the silo host, not by operators.
    /// </summary>
    public string ServingStorageLayout { get; set; } = "";

    /// <summary>How often the influence grain looks at cluster membership for silos that left.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan MembershipCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}
