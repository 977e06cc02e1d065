namespace UnlearnRec.Grains.Influence;

/// <summary>Persistent state of the influence grain (Blob storage).</summary>
[GenerateSerializer]
[Alias("unlearnrec.state.influence")]
public sealed class EngineCheckpointState
{
    /// <summary>Fingerprint of the model the serving grains were seeded with, or null before seeding.</summary>
    [Id(0)]
    public string? SeededFingerprint { get; set; }

    /// <summary>Fingerprint of the checkpointed model.</summary>
    [Id(1)]
    public string? ModelFingerprint { get; set; }

    /// <summary>Engine version of the checkpoint.</summary>
    [Id(2)]
    public long Version { get; set; } = -1;

    /// <summary>Training interactions covered by the mask.</summary>
    [Id(3)]
    public int TrainEdgeCount { get; set; }

    /// <summary>Bit mask of removed training interactions (see <c>EngineCheckpoint.RemovedEdgeMask</c>).</summary>
    [Id(4)]
    public byte[] RemovedEdgeMask { get; set; } = [];

    /// <summary>Whether the served rows came from a consolidation.</summary>
    [Id(5)]
    public bool Consolidated { get; set; }

    /// <summary>Whether every row of <see cref="Version"/> had reached the serving grains when this was written.</summary>
    [Id(6)]
    public bool AllRowsDelivered { get; set; }
}
