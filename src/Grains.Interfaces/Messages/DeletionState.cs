namespace UnlearnRec.Grains.Interfaces;

/// <summary>Where a deletion request is in its life cycle.</summary>
[GenerateSerializer]
[Alias("unlearnrec.deletion-state")]
public enum DeletionState
{
    /// <summary>Durably recorded in the ledger, waiting for a batch.</summary>
    Received = 0,

    /// <summary>Part of a batch sent to the influence engine.</summary>
    Batched = 1,

    /// <summary>The served embeddings reflect the deletion.</summary>
    Applied = 2,

    /// <summary>Rejected (malformed, unknown user or item, interaction not in the graph).</summary>
    Rejected = 3,
}
