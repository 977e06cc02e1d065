namespace UnlearnRec.Client.Online.Demo;

/// <summary>Size and seed of the demo model.</summary>
public sealed record DemoModelSettings
{
    /// <summary>Synthetic users.</summary>
    public int Users { get; init; } = 2000;

    /// <summary>Synthetic items.</summary>
    public int Items { get; init; } = 1000;

    /// <summary>Synthetic interactions per user.</summary>
    public int InteractionsPerUser { get; init; } = 20;

    /// <summary>Embedding width.</summary>
    public int Dim { get; init; } = 32;

    /// <summary>Propagation layers.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Backbone.</summary>
    public string Model { get; init; } = "lightgcn";

    /// <summary>Seed.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Backbone training epochs (trained builder).</summary>
    public int TrainEpochs { get; init; } = 15;

    /// <summary>Encoder pre-training epochs (trained builder).</summary>
    public int PretrainEpochs { get; init; } = 10;
}
