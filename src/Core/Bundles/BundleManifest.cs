using System.Text.Json.Serialization;

namespace UnlearnRec.Core.Bundles;

/// <summary>
/// The manifest (<c>manifest.json</c>) of a model bundle: format version, data set identity, backbone and its
/// hyper-parameters, metrics, and a checksum for every array file.
/// </summary>
public sealed record BundleManifest
{
    /// <summary>Bundle format version this build reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Format version of the bundle.</summary>
    [JsonPropertyName("format_version")]
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Producer tag (tool and version).</summary>
    [JsonPropertyName("producer")]
    public string Producer { get; init; } = "unlearnrec";

    /// <summary>When the bundle was written (UTC, ISO 8601).</summary>
    [JsonPropertyName("created_utc")]
    public string CreatedUtc { get; init; } = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Data set name.</summary>
    [JsonPropertyName("dataset")]
    public string Dataset { get; init; } = "";

    /// <summary>SHA-256 over the training and test edges (original ids), identifying the data the model saw.</summary>
    [JsonPropertyName("dataset_fingerprint")]
    public string DatasetFingerprint { get; init; } = "";

    /// <summary>Number of users.</summary>
    [JsonPropertyName("users")]
    public int Users { get; init; }

    /// <summary>Number of items.</summary>
    [JsonPropertyName("items")]
    public int Items { get; init; }

    /// <summary>Backbone name: lightgcn, sgl or simgcl.</summary>
    [JsonPropertyName("model")]
    public string Model { get; init; } = "";

    /// <summary>Embedding width.</summary>
    [JsonPropertyName("dim")]
    public int Dim { get; init; }

    /// <summary>Propagation layers.</summary>
    [JsonPropertyName("layers")]
    public int Layers { get; init; }

    /// <summary>Backbone and training hyper-parameters (lr, reg, batch, epochs, seed, …).</summary>
    [JsonPropertyName("hyperparameters")]
    public Dictionary<string, double> Hyperparameters { get; init; } = [];

    /// <summary>Metrics at save time (recall@20, ndcg@20, …).</summary>
    [JsonPropertyName("metrics")]
    public Dictionary<string, double> Metrics { get; init; } = [];

    /// <summary>Influence Encoder hyper-parameters when the bundle carries a pre-trained encoder, else null.</summary>
    [JsonPropertyName("encoder")]
    public Dictionary<string, double>? Encoder { get; init; }

    /// <summary>Free-form notes (e.g. how the split was made).</summary>
    [JsonPropertyName("notes")]
    public List<string> Notes { get; init; } = [];

    /// <summary>Array files of the bundle by logical name.</summary>
    [JsonPropertyName("files")]
    public Dictionary<string, BundleFileEntry> Files { get; init; } = [];
}
