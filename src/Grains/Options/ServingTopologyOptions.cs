using System.ComponentModel.DataAnnotations;

namespace UnlearnRec.Grains.Options;

/// <summary>
/// How the served model is split across grains. Every silo and the ingress must use the same values (section
/// <c>UnlearnRec:Serving</c>): changing them on a live cluster re-routes requests and items.
/// </summary>
public sealed class ServingTopologyOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "UnlearnRec:Serving";

    /// <summary>Number of item-shard grains (items go to shard hash(item) mod this).</summary>
    [Range(1, 4096)]
    public int ItemShards { get; set; } = 8;

    /// <summary>Number of deletion-partition grains (requests go to partition hash(user) mod this).</summary>
    [Range(1, 4096)]
    public int DeletionPartitions { get; set; } = 8;
}
