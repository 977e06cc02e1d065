namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// Corrected rows of one engine computation (or a seed / full refresh) for the dispatcher to deliver: absolute values
/// tagged with the engine version; targets keep a row only when the version is newer than theirs.
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.correction-batch")]
public sealed record CorrectionBatch
{
    /// <summary>Engine version of every row.</summary>
    [Id(0)]
    public required long EngineVersion { get; init; }

    /// <summary>User rows.</summary>
    [Id(1)]
    public required PackedRows Users { get; init; }

    /// <summary>Item rows.</summary>
    [Id(2)]
    public required PackedRows Items { get; init; }

    /// <summary>Removed interactions, user side (parallel to <see cref="RemovedItemIds"/>).</summary>
    [Id(3)]
    public long[] RemovedUserIds { get; init; } = [];

    /// <summary>Removed interactions, item side.</summary>
    [Id(4)]
    public long[] RemovedItemIds { get; init; } = [];

    /// <summary>Complete interaction lists (seeding only).</summary>
    [Id(5)]
    public UserInteractionLists? Interactions { get; init; }

    /// <summary>True for a consolidation refresh of every row.</summary>
    [Id(6)]
    public bool FullRefresh { get; init; }
}
