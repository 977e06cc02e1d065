namespace UnlearnRec.Model.Baselines;

/// <summary>Settings of <see cref="PartitionMethod"/>.</summary>
public sealed record PartitionOptions
{
    /// <summary>Number of shards S (RecEraser and SISA commonly use 8–10).</summary>
    public int Shards { get; init; } = 8;

    /// <summary>Epoch cap of each shard model; null uses the original's trainer setting.</summary>
    public int? Epochs { get; init; }

    /// <summary>Seed of the partition.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Shards is < 1 or > 256)
        {
            throw new ArgumentException($"shards must be in 1..256 (got {Shards})");
        }

        if (Epochs is < 1)
        {
            throw new ArgumentException($"shard epochs must be at least 1 (got {Epochs})");
        }
    }
}
