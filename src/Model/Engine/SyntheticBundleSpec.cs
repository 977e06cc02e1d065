namespace UnlearnRec.Model.Engine;

/// <summary>Shape of a synthetic interaction graph for <see cref="UntrainedBundleFactory.Synthetic"/>.</summary>
public sealed record SyntheticBundleSpec
{
    /// <summary>Number of users.</summary>
    public int Users { get; init; } = 400;

    /// <summary>Number of items.</summary>
    public int Items { get; init; } = 300;

    /// <summary>Interactions drawn per user (items are popularity-skewed, without repetition).</summary>
    public int InteractionsPerUser { get; init; } = 12;

    /// <summary>Embedding width.</summary>
    public int Dim { get; init; } = 32;

    /// <summary>Propagation layers.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>Backbone name (decides the readout): lightgcn, sgl or simgcl.</summary>
    public string Model { get; init; } = "lightgcn";

    /// <summary>Random seed (graph and embeddings).</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Standard deviation of the random ego embeddings.</summary>
    public float InitScale { get; init; } = 0.3f;

    /// <summary>
    /// Original user ids are <c>UserIdBase + dense index</c>; a non-zero base keeps original and dense ids apart, so a
    /// mix-up shows in tests.
    /// </summary>
    public long UserIdBase { get; init; } = 1000;

    /// <summary>Original item ids are <c>ItemIdBase + dense index</c>.</summary>
    public long ItemIdBase { get; init; } = 50_000;
}
