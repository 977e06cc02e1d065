namespace UnlearnRec.Core.Data;

/// <summary>Options for <see cref="DatasetLoader.Load"/> that only matter when the loader has to make the split itself.</summary>
public sealed record DatasetLoadOptions
{
    /// <summary>
    /// Seed of the per-user random split of raw ratings. Default 42. Synthetic specs carry their own seed
    /// (<c>synthetic:seed=…</c>), which drives both generation and split, so this value is ignored for them.
    /// </summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// Share of each user's interactions held out for test, rounded half away from zero (0.2 × 7 = 1.4 → 1,
    /// 0.2 × 8 = 1.6 → 2). Every user keeps at least one training interaction. Must lie in [0, 1). Default 0.2.
    /// Ignored for split directories, whose split is given.
    /// </summary>
    public double TestFraction { get; init; } = 0.2;
}
