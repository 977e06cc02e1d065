using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Membership-inference ratios of method.md §6.4 on σ(dot-product) scores, computed from final embeddings
/// (N×d, users then items):
/// MI-BF = mean σ(before) / mean σ(after) over the forgotten edges ("before" = original model on the original graph);
/// MI-NG = mean σ(after) over random non-edges / mean σ(after) over the forgotten edges, with |E_Δ| non-edges per
/// draw (uniform user–item pairs absent from the original training graph, seeded) averaged over several draws.
/// Both above 1 mean the forgotten edges lost their membership signal.
/// </summary>
public static class MembershipRatios
{
    /// <summary>Mean raw score ⟨ē_u, ē_v⟩ over <paramref name="edges"/>.</summary>
    public static double MeanScore(float[] final, int dim, int userCount, EdgeList edges) => Mean(final, dim, userCount, edges, sigmoid: false);

    /// <summary>Mean σ(⟨ē_u, ē_v⟩) over <paramref name="edges"/>.</summary>
    public static double MeanProbability(float[] final, int dim, int userCount, EdgeList edges) => Mean(final, dim, userCount, edges, sigmoid: true);

    /// <summary>MI-BF over the forgotten edges.</summary>
    public static double MiBf(float[] before, float[] after, int dim, int userCount, EdgeList forgotten)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        return MeanProbability(before, dim, userCount, forgotten) / MeanProbability(after, dim, userCount, forgotten);
    }

    /// <summary>
    /// MI-NG over the forgotten edges with non-edges of <paramref name="original"/>, mean over <paramref name="draws"/>
    /// seeded draws; draw 0 is <see cref="MembershipInference.SampleNegatives(BipartiteGraph, int, int)"/> with
    /// <paramref name="seed"/>, so diagnostics that use that one sample see the same negatives.
    /// </summary>
    public static double MiNg(float[] after, int dim, BipartiteGraph original, EdgeList forgotten, int seed, int draws = 5)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        if (forgotten.Count == 0)
        {
            return double.NaN; // nothing forgotten: no ratio, like the means over an empty set
        }

        return MembershipInference.MiNgOverDraws(pairs => MembershipInference.Scores(after, original.UserCount, dim, pairs), original, forgotten, draws, seed);
    }

    private static double Mean(float[] final, int dim, int userCount, EdgeList edges, bool sigmoid)
    {
        ArgumentNullException.ThrowIfNull(final);
        ArgumentNullException.ThrowIfNull(edges);
        if (edges.Count == 0)
        {
            return double.NaN;
        }

        var span = final.AsSpan();
        var sum = 0.0;
        for (var e = 0; e < edges.Count; e++)
        {
            var u = span.Slice(edges.Users[e] * dim, dim);
            var v = span.Slice((userCount + edges.Items[e]) * dim, dim);
            double s = TensorPrimitives.Dot<float>(u, v);
            sum += sigmoid ? 1.0 / (1.0 + Math.Exp(-s)) : s;
        }

        return sum / edges.Count;
    }
}
