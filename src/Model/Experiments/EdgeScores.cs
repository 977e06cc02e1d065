using UnlearnRec.Core.Data;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// Dot-product scores of user–item pairs under served final embeddings, and their means.
/// Embeddings are N×D row-major with D taken from the array length (partition baselines serve N×(S·d)).
/// </summary>
internal static class EdgeScores
{
    /// <summary>ŷ(u, v) = ⟨f_u, f_{I+v}⟩ for every edge.</summary>
    public static float[] Of(float[] final, int users, int items, EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(edges);
        var nodes = users + items;
        if (nodes == 0 || final.Length % nodes != 0)
        {
            throw new ArgumentException($"embeddings of {final.Length} values do not fit {nodes} nodes", nameof(final));
        }

        var width = final.Length / nodes;
        var scores = new float[edges.Count];
        var span = final.AsSpan();
        for (var e = 0; e < edges.Count; e++)
        {
            var u = span.Slice(edges.Users[e] * width, width);
            var v = span.Slice((users + edges.Items[e]) * width, width);
            scores[e] = System.Numerics.Tensors.TensorPrimitives.Dot(u, v);
        }

        return scores;
    }

    /// <summary>Mean of σ(s) (computed in double).</summary>
    public static double MeanSigmoid(ReadOnlySpan<float> scores)
    {
        if (scores.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var s in scores)
        {
            sum += 1.0 / (1.0 + Math.Exp(-s));
        }

        return sum / scores.Length;
    }

    /// <summary>Arithmetic mean (NaN when empty).</summary>
    public static double Mean(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }
}
