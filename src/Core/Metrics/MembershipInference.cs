using UnlearnRec.Core.Common;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Metrics;

/// <summary>
/// Membership-inference metrics MI-BF and MI-NG (method.md §6.4, recommended definition) on σ(score), where σ is
/// the logistic sigmoid and the score is the dot product of final embeddings. For the trained-attacker variant see
/// <see cref="MembershipAttacker"/>, which offers the same ratios with P_attack(present) in place of σ(score).
/// </summary>
public static class MembershipInference
{
    /// <summary>The logistic sigmoid, evaluated without overflow for large |x|.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        var e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>Mean of σ(score).</summary>
    /// <exception cref="ArgumentException">No scores.</exception>
    public static double MeanSigmoid(ReadOnlySpan<double> scores)
    {
        RequireNonEmpty(scores, nameof(scores));
        var sum = 0.0;
        foreach (var s in scores)
        {
            sum += Sigmoid(s);
        }

        return sum / scores.Length;
    }

    /// <summary>
    /// MI-BF = mean σ(score_before) / mean σ(score_after) over the forgotten edges E_Δ. "Before" is the original model
    /// on the original graph; both spans list the same edges. Above 1 means the edges lost membership signal.
    /// </summary>
    public static double MiBf(ReadOnlySpan<double> scoresBefore, ReadOnlySpan<double> scoresAfter)
    {
        RequireSameLength(scoresBefore, scoresAfter);
        return MeanSigmoid(scoresBefore) / MeanSigmoid(scoresAfter);
    }

    /// <summary>
    /// MI-NG = mean σ(score on negative pairs) / mean σ(score on forgotten edges), both after unlearning. Above 1 means
    /// the forgotten edges now look less likely than random non-edges.
    /// </summary>
    public static double MiNg(ReadOnlySpan<double> negativeScoresAfter, ReadOnlySpan<double> forgottenScoresAfter) =>
        MeanSigmoid(negativeScoresAfter) / MeanSigmoid(forgottenScoresAfter);

    /// <summary>
    /// Dot-product scores of <paramref name="pairs"/> from separate user (UserCount × dim) and item (ItemCount × dim)
    /// row-major embedding matrices, accumulated in double.
    /// </summary>
    public static double[] Scores(float[] userRowsEmb, float[] itemRowsEmb, int dim, EdgeList pairs)
    {
        ArgumentNullException.ThrowIfNull(userRowsEmb);
        ArgumentNullException.ThrowIfNull(itemRowsEmb);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        return ScoreRows(userRowsEmb, 0, int.MaxValue, itemRowsEmb, 0, dim, pairs);
    }

    /// <summary>
    /// Dot-product scores of <paramref name="pairs"/> from the full node matrix (N × dim, row-major) in which user u is
    /// row u and item v is row <paramref name="userCount"/> + v (method.md §1.1).
    /// </summary>
    public static double[] Scores(float[] nodeEmb, int userCount, int dim, EdgeList pairs)
    {
        ArgumentNullException.ThrowIfNull(nodeEmb);
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(userCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        return ScoreRows(nodeEmb, 0, userCount, nodeEmb, userCount, dim, pairs);
    }

    /// <summary>
    /// Samples <paramref name="count"/> (user, item) pairs uniformly at random, with replacement, among pairs that are
    /// not edges of <paramref name="exclude"/> (pass the training graph the forgotten edges were part of). Deterministic
    /// for a seed.
    /// </summary>
    /// <exception cref="ArgumentException">The graph has no non-edge to sample.</exception>
    public static EdgeList SampleNegatives(BipartiteGraph exclude, int count, int seed) => SampleNegatives(exclude, count, seed, stream: 0);

    /// <summary>
    /// MI-NG averaged over <paramref name="draws"/> independent negative samples of size |E_Δ| (method.md §6.4
    /// recommends 5), which removes most of the noise of a single draw. Draw r uses seed (<paramref name="seed"/>, r);
    /// draw 0 equals <see cref="SampleNegatives(BipartiteGraph, int, int)"/> with the same seed.
    /// </summary>
    /// <param name="scoreAfter">Scores pairs with the unlearned model (e.g. <c>p => Scores(nodes, userCount, dim, p)</c>).</param>
    /// <param name="exclude">Graph whose edges are not negatives (the training graph before unlearning).</param>
    /// <param name="forgotten">The forgotten edges E_Δ.</param>
    /// <param name="draws">Number of negative draws.</param>
    /// <param name="seed">Seed of the negative draws.</param>
    /// <param name="attacker">When given, P_attack(present) replaces σ(score) (GNNDelete-style variant).</param>
    public static double MiNgOverDraws(Func<EdgeList, double[]> scoreAfter, BipartiteGraph exclude, EdgeList forgotten, int draws = 5, int seed = 42, MembershipAttacker? attacker = null)
    {
        ArgumentNullException.ThrowIfNull(scoreAfter);
        ArgumentNullException.ThrowIfNull(exclude);
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (forgotten.Count == 0)
        {
            throw new ArgumentException("no forgotten edges", nameof(forgotten));
        }

        var forgottenScores = scoreAfter(forgotten);
        var sum = 0.0;
        for (var r = 0; r < draws; r++)
        {
            var negatives = scoreAfter(SampleNegatives(exclude, forgotten.Count, seed, r));
            sum += attacker is null ? MiNg(negatives, forgottenScores) : attacker.MiNg(negatives, forgottenScores);
        }

        return sum / draws;
    }

    internal static void RequireNonEmpty(ReadOnlySpan<double> scores, string name)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException("at least one score is needed", name);
        }
    }

    internal static void RequireSameLength(ReadOnlySpan<double> before, ReadOnlySpan<double> after)
    {
        if (before.Length != after.Length)
        {
            throw new ArgumentException($"before ({before.Length}) and after ({after.Length}) must score the same edges");
        }
    }

    private static EdgeList SampleNegatives(BipartiteGraph exclude, int count, int seed, long stream)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)exclude.UserCount * exclude.ItemCount <= exclude.EdgeCount)
        {
            throw new ArgumentException("the graph is complete (or empty of nodes): there is no non-edge to sample", nameof(exclude));
        }

        var random = new StableRandom(seed, stream);
        var users = new int[count];
        var items = new int[count];
        for (var i = 0; i < count; i++)
        {
            // rejection sampling: exactly uniform over non-edges; real graphs are sparse, so it rarely rejects
            int u, v;
            do
            {
                u = random.NextInt(exclude.UserCount);
                v = random.NextInt(exclude.ItemCount);
            }
            while (exclude.Contains(u, v));

            users[i] = u;
            items[i] = v;
        }

        return new EdgeList(users, items);
    }

    private static double[] ScoreRows(float[] userMatrix, int userOffset, int userLimit, float[] itemMatrix, int itemOffset, int dim, EdgeList pairs)
    {
        var scores = new double[pairs.Count];
        for (var e = 0; e < pairs.Count; e++)
        {
            var urow = (long)(userOffset + pairs.Users[e]) * dim;
            var vrow = (long)(itemOffset + pairs.Items[e]) * dim;
            if (pairs.Users[e] < 0 || pairs.Users[e] >= userLimit || pairs.Items[e] < 0 || urow + dim > userMatrix.Length || vrow + dim > itemMatrix.Length)
            {
                throw new ArgumentException($"pair {e} ({pairs.Users[e]}, {pairs.Items[e]}) is outside the embedding matrices", nameof(pairs));
            }

            var s = 0.0;
            for (var d = 0; d < dim; d++)
            {
                s += (double)userMatrix[urow + d] * itemMatrix[vrow + d];
            }

            scores[e] = s;
        }

        return scores;
    }
}
