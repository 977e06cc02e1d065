namespace UnlearnRec.Grains.Influence;

/// <summary>The interactions one engine computation removed (original ids, parallel arrays).</summary>
/// <param name="EngineVersion">The version the computation's rows carry: a checkpoint of at least this version covers it.</param>
/// <param name="UserIds">Users of the removed interactions.</param>
/// <param name="ItemIds">Items of the removed interactions.</param>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.state.removal-journal-record")]
public sealed record RemovalJournalRecord(
    [property: Id(0)] long EngineVersion,
    [property: Id(1)] long[] UserIds,
    [property: Id(2)] long[] ItemIds);
