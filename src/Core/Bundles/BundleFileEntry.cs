using System.Text.Json.Serialization;

namespace UnlearnRec.Core.Bundles;

/// <summary>Checksum, size and shape of one array file, recorded in the manifest.</summary>
public sealed record BundleFileEntry
{
    /// <summary>File name inside the bundle directory.</summary>
    [JsonPropertyName("file")]
    public string File { get; init; } = "";

    /// <summary>Element type name (float32, int32, int64).</summary>
    [JsonPropertyName("dtype")]
    public string ElementType { get; init; } = "";

    /// <summary>Shape.</summary>
    [JsonPropertyName("shape")]
    public long[] Shape { get; init; } = [];

    /// <summary>File length in bytes.</summary>
    [JsonPropertyName("bytes")]
    public long Bytes { get; init; }

    /// <summary>Lower-case hex SHA-256 of the file.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = "";
}
