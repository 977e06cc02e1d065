namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// What an engine computation removes, reported before its corrected embeddings are computed (see
/// <see cref="IInfluenceEngine.ApplyAsync(IReadOnlyList{DeletionCommand}, Action{RemovalNotice}?, CancellationToken)"/>).
/// </summary>
public sealed record RemovalNotice
{
    /// <summary>The computation; equals the <see cref="CorrectionSet.Sequence"/> of its result.</summary>
    public required long Sequence { get; init; }

    /// <summary>The version the computation's rows will carry; a checkpoint of at least this version covers the removal.</summary>
    public required long EngineVersion { get; init; }

    /// <summary>Users of the removed interactions (original ids; parallel to <see cref="RemovedItemIds"/>).</summary>
    public long[] RemovedUserIds { get; init; } = [];

    /// <summary>Items of the removed interactions (original ids).</summary>
    public long[] RemovedItemIds { get; init; } = [];
}
