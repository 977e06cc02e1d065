namespace UnlearnRec.Core.Embeddings;

/// <summary>
/// How a graph recommender turns its propagation layers E⁰..Eᴸ into final embeddings (method.md §2, A7):
/// LightGCN sums layers 0..L, SGL averages 0..L, SimGCL averages 1..L.
/// </summary>
/// <param name="IncludeLayerZero">Whether E⁰ (the ego embeddings) is part of the readout.</param>
/// <param name="Mean">Average instead of sum.</param>
public sealed record LayerAggregation(bool IncludeLayerZero, bool Mean)
{
    /// <summary>LightGCN as in the authors' code: Σ_{l=0..L} Eˡ.</summary>
    public static LayerAggregation SumWithEgo { get; } = new(true, false);

    /// <summary>SGL: mean over l = 0..L.</summary>
    public static LayerAggregation MeanWithEgo { get; } = new(true, true);

    /// <summary>SimGCL: mean over l = 1..L.</summary>
    public static LayerAggregation MeanWithoutEgo { get; } = new(false, true);

    /// <summary>The weight of layer <paramref name="layer"/> in the readout, for <paramref name="layers"/> propagation layers.</summary>
    public float Weight(int layer, int layers)
    {
        if (layer == 0 && !IncludeLayerZero)
        {
            return 0f;
        }

        if (!Mean)
        {
            return 1f;
        }

        return 1f / (IncludeLayerZero ? layers + 1 : layers);
    }
}
