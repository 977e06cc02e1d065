namespace UnlearnRec.Grains.Interfaces;

/// <summary>Names of the deletion stream (provider and namespace must be the same on every silo and producer).</summary>
public static class StreamNames
{
    /// <summary>Stream provider that carries deletion requests (memory streams embedded, Azure Queue in a cluster).</summary>
    public const string DeletionProvider = "deletions";

    /// <summary>Stream namespace; the stream key is the deletion partition, so each partition grain consumes its own stream.</summary>
    public const string DeletionNamespace = "deletions";
}
