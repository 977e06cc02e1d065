namespace UnlearnRec.Grains.Users;

/// <summary>Persistent state of a user grain (Table storage: a few hundred bytes).</summary>
[GenerateSerializer]
[Alias("unlearnrec.state.user")]
public sealed class UserServingState
{
    /// <summary>Engine version of <see cref="Embedding"/>; -1 before seeding.</summary>
    [Id(0)]
    public long Version { get; set; } = -1;

    /// <summary>Served final embedding, packed float32.</summary>
    [Id(1)]
    public byte[] Embedding { get; set; } = [];

    /// <summary>Remaining interactions, sorted ascending.</summary>
    [Id(2)]
    public long[] Interactions { get; set; } = [];
}
