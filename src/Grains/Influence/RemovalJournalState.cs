namespace UnlearnRec.Grains.Influence;

/// <summary>
/// The influence grain's removal journal (Blob storage, next to the checkpoint): the interactions each engine
/// computation removed since the last durable checkpoint. It is what makes a removal durable before its requests
/// report applied; a restart after an unclean stop forgets them again on top of the restored checkpoint.
/// </summary>
[GenerateSerializer]
[Alias("unlearnrec.state.removal-journal")]
public sealed class RemovalJournalState
{
    /// <summary>Removals not yet known to be covered by a durable checkpoint, oldest first.</summary>
    [Id(0)]
    public List<RemovalJournalRecord> Records { get; set; } = [];
}
