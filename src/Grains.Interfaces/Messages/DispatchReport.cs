namespace UnlearnRec.Grains.Interfaces;

/// <summary>What a dispatch delivered.</summary>
/// <param name="UserCalls">Calls to user grains.</param>
/// <param name="ShardCalls">Calls to item-shard grains.</param>
/// <param name="UserRowsApplied">User rows the targets took (newer than theirs).</param>
/// <param name="ItemRowsApplied">Item rows the targets took.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.dispatch-report")]
public sealed record DispatchReport(
    [property: Id(0)] int UserCalls,
    [property: Id(1)] int ShardCalls,
    [property: Id(2)] int UserRowsApplied,
    [property: Id(3)] int ItemRowsApplied);
