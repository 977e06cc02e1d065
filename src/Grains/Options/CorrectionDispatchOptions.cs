using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>Fan-out of corrections to user and item-shard grains (section <c>UnlearnRec:Dispatch</c>).</summary>
public sealed class CorrectionDispatchOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Dispatch";

    /// <summary>Most target calls in flight per dispatch (a sliding window, not waves).</summary>
    [Range(1, 10_000)]
    public int MaxInFlight { get; set; } = 64;

    /// <summary>Users per seeding batch (seeding sends the whole model in chunks of this many users).</summary>
    [Range(1, 1_000_000)]
    public int SeedChunkUsers { get; set; } = 1024;
}
