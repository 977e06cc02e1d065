using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Embeddings;

namespace UnlearnRec.Model.Engine;

/// <summary>Maps a bundle's backbone name to the layer readout its final embeddings were computed with (method.md A7).</summary>
public static class BackboneReadout
{
    /// <summary>The readout of <paramref name="model"/> (lightgcn, sgl, simgcl; case-insensitive).</summary>
    /// <exception cref="BundleFormatException">Unknown backbone.</exception>
    public static LayerAggregation For(string model) => (model ?? "").Trim().ToLowerInvariant() switch
    {
        "lightgcn" => LayerAggregation.SumWithEgo,
        "sgl" => LayerAggregation.MeanWithEgo,
        "simgcl" => LayerAggregation.MeanWithoutEgo,
        _ => throw new BundleFormatException($"bundle model '{model}' is not a known backbone (expected lightgcn, sgl or simgcl)"),
    };
}
