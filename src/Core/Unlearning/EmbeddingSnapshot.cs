namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// Everything the online system needs to seed its grains: all served user and item embeddings and each user's
/// remaining interactions (for "already seen" masking), at one engine version.
/// </summary>
public sealed record EmbeddingSnapshot
{
    /// <summary>Engine version of the snapshot.</summary>
    public required long EngineVersion { get; init; }

    /// <summary>Embedding width.</summary>
    public required int Dim { get; init; }

    /// <summary>All user ids (original), in dense order.</summary>
    public required long[] UserIds { get; init; }

    /// <summary>User embeddings, packed (UserIds.Length × Dim).</summary>
    public required float[] UserValues { get; init; }

    /// <summary>All item ids (original), in dense order.</summary>
    public required long[] ItemIds { get; init; }

    /// <summary>Item embeddings, packed (ItemIds.Length × Dim).</summary>
    public required float[] ItemValues { get; init; }

    /// <summary>CSR pointers into <see cref="InteractionItemIds"/> per user (length UserIds.Length + 1).</summary>
    public required int[] InteractionPointers { get; init; }

    /// <summary>Original item ids of each user's remaining interactions.</summary>
    public required long[] InteractionItemIds { get; init; }
}
