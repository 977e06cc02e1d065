using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// Membership-inference ratios of method.md §6.4 on σ(dot-product) scores, computed from final embeddings
/// (N×d, users then items):
/// MI-BF = mean σ(before) / mean σ(after) over the forgotten edges ("before" = original model on the original graph);
/// MI-NG = mean σ(after) over random non-edges / mean σ(after) over the forgotten edges, with |E_Δ| non-edges per
/// draw (uniform user–item pairs absent from the original training graph, seeded) averaged over several draws.
/// Both above 1 mean the forgotten edges lost their membership signal.
/// </summary>
/// <remarks>
/// A convenience facade over <see cref="MembershipInference"/>, which holds the definitions, for callers that have
/// whole embedding matrices. Over an empty edge set every figure is NaN rather than an exception, so a report of a
/// request that forgot nothing still renders.
/// </remarks>
public static class MembershipRatios
{
    /// <summary>Mean raw score ⟨ē_u, ē_v⟩ over <paramref name="edges"/>.</summary>
    public static double MeanScore(float[] final, int dim, int userCount, EdgeList edges)
    {
        var scores = Scores(final, dim, userCount, edges);
        return scores.Length == 0 ? double.NaN : scores.Average();
    }

    /// <summary>Mean σ(⟨ē_u, ē_v⟩) over <paramref name="edges"/>.</summary>
    public static double MeanProbability(float[] final, int dim, int userCount, EdgeList edges)
    {
        var scores = Scores(final, dim, userCount, edges);
        return scores.Length == 0 ? double.NaN : MembershipInference.MeanSigmoid(scores);
    }

    /// <summary>MI-BF over the forgotten edges.</summary>
    public static double MiBf(float[] before, float[] after, int dim, int userCount, EdgeList forgotten)
    {
        ArgumentNullException.ThrowIfNull(forgotten);
        return forgotten.Count == 0
            ? double.NaN
            : MembershipInference.MiBf(Scores(before, dim, userCount, forgotten), Scores(after, dim, userCount, forgotten));
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
            return double.NaN;
        }

        return MembershipInference.MiNgOverDraws(pairs => Scores(after, dim, original.UserCount, pairs), original, forgotten, draws, seed);
    }

    private static double[] Scores(float[] final, int dim, int userCount, EdgeList edges) =>
        MembershipInference.Scores(final, userCount, dim, edges);
}
