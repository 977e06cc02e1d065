using UnlearnRec.Core.Embeddings;

namespace UnlearnRec.Model.Backbones;

/// <summary>Names, parsing and fixed properties of <see cref="BackboneKind"/>.</summary>
public static class BackboneKinds
{
    /// <summary>All accepted names, lower case.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lightgcn", "sgl", "simgcl"];

    /// <summary>Parses a model name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static BackboneKind Parse(string name) => (name ?? "").Trim().ToLowerInvariant() switch
    {
        "lightgcn" => BackboneKind.LightGcn,
        "sgl" => BackboneKind.Sgl,
        "simgcl" => BackboneKind.SimGcl,
        _ => throw new ArgumentException($"unknown model '{name}' (use lightgcn, sgl or simgcl)"),
    };

    /// <summary>Lower-case name used on the command line and in bundles.</summary>
    public static string Name(this BackboneKind kind) => kind switch
    {
        BackboneKind.LightGcn => "lightgcn",
        BackboneKind.Sgl => "sgl",
        _ => "simgcl",
    };

    /// <summary>Layer readout of the backbone's main branch (method.md A7).</summary>
    public static LayerAggregation Aggregation(this BackboneKind kind) => kind switch
    {
        BackboneKind.LightGcn => LayerAggregation.SumWithEgo,
        BackboneKind.Sgl => LayerAggregation.MeanWithEgo,
        _ => LayerAggregation.MeanWithoutEgo,
    };
}
