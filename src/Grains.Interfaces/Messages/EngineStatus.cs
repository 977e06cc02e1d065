namespace UnlearnRec.Grains.Interfaces;

/// <summary>The influence grain's view of the engine and its serving state.</summary>
[GenerateSerializer]
[Immutable]
[Alias("unlearnrec.engine-status")]
public sealed record EngineStatus
{
    /// <summary>Backbone.</summary>
    [Id(0)]
    public string Model { get; init; } = "";

    /// <summary>Data set name.</summary>
    [Id(1)]
    public string Dataset { get; init; } = "";

    /// <summary>Users in the model.</summary>
    [Id(2)]
    public int Users { get; init; }

    /// <summary>Items in the model.</summary>
    [Id(3)]
    public int Items { get; init; }

    /// <summary>Embedding width.</summary>
    [Id(4)]
    public int Dim { get; init; }

    /// <summary>Current engine version.</summary>
    [Id(5)]
    public long Version { get; init; }

    /// <summary>Interactions forgotten so far.</summary>
    [Id(6)]
    public long ForgottenEdges { get; init; }

    /// <summary>Interactions in the training graph.</summary>
    [Id(7)]
    public long TrainEdges { get; init; }

    /// <summary>Fraction the corrector was built for; beyond it a retrain is advised.</summary>
    [Id(8)]
    public double PretrainedForgetRatio { get; init; }

    /// <summary>Compute device label.</summary>
    [Id(9)]
    public string Device { get; init; } = "";

    /// <summary>Silo hosting the influence grain.</summary>
    [Id(10)]
    public string Silo { get; init; } = "";

    /// <summary>True once the grains serve this model.</summary>
    [Id(11)]
    public bool Seeded { get; init; }

    /// <summary>Identity of the loaded model.</summary>
    [Id(12)]
    public string ModelFingerprint { get; init; } = "";

    /// <summary>Version of the last durable engine checkpoint.</summary>
    [Id(13)]
    public long CheckpointVersion { get; init; }

    /// <summary>
    /// Rows that moved beyond the change tolerance and are not yet handed to the dispatcher: the neighbourhood of recent
    /// requests, sent by background flushes. 0 means the served model is as current as the tolerance allows.
    /// </summary>
    [Id(14)]
    public int PendingRows { get; init; }

    /// <summary>True when forgotten/train exceeds what the corrector was built for.</summary>
    public bool RetrainAdvised => TrainEdges > 0 && (double)ForgottenEdges / TrainEdges > PretrainedForgetRatio;
}
