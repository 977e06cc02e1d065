using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>
/// When user grains and item shards make their served state durable (section <c>UnlearnRec:ServingPersistence</c>).
/// </summary>
/// <remarks>
/// A user's interaction list is written before the update that changed it is acknowledged, always: "forgotten means
/// gone" needs the removal durable before the request reports applied. Embedding rows carry no interactions and are
/// recomputable by the engine at any time, so by default they are written behind: at most
/// <see cref="EmbeddingWriteBehind"/> after they are served (coalescing the updates that arrive meanwhile) and when
/// the grain deactivates. Rows a crashed silo had not yet written are re-sent by the influence grain, which refreshes
/// every row when a silo leaves the cluster (<see cref="InfluenceGrainOptions.RefreshOnSiloLoss"/>), and by the engine
/// after its own silo crashed. Zero writes every embedding change before acknowledging it.
/// </remarks>
public sealed class ServingPersistenceOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:ServingPersistence";

    /// <summary>Longest time an embedding-only change stays unwritten; zero writes it before acknowledging.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan EmbeddingWriteBehind { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Write pending embedding rows when the silo shuts down (grains deactivated for other reasons always write them).
    /// The memory providers turn it off: nothing survives the process, and their storage grains may already be gone.
    /// </summary>
    public bool WriteBehindOnShutdown { get; set; } = true;
}
