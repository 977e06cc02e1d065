using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// Dot-product scores of user–item pairs under served final embeddings, and the samples the membership metrics need.
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

    /// <summary>
    /// <paramref name="count"/> user–item pairs drawn uniformly (with replacement) among the pairs that are not edges
    /// of <paramref name="graph"/>: the "random negatives" of method.md §6.4.
    /// </summary>
    public static EdgeList NonEdges(BipartiteGraph graph, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((long)graph.UserCount * graph.ItemCount <= graph.EdgeCount)
        {
            throw new ArgumentException("the graph is complete: there are no non-edges to sample", nameof(graph));
        }

        var rng = new SplitMix64(seed);
        var users = new int[count];
        var items = new int[count];
        for (var k = 0; k < count; k++)
        {
            int u, v;
            do
            {
                u = (int)rng.NextBelow((ulong)graph.UserCount);
                v = (int)rng.NextBelow((ulong)graph.ItemCount);
            }
            while (graph.Contains(u, v));
            users[k] = u;
            items[k] = v;
        }

        return new EdgeList(users, items);
    }

    /// <summary>A uniform sample of at most <paramref name="count"/> distinct edges of <paramref name="graph"/>.</summary>
    public static EdgeList SampleEdges(BipartiteGraph graph, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var edges = graph.ToEdgeList();
        var chosen = AdversarialAttack.SampleIndices(edges.Count, Math.Min(count, edges.Count), seed);
        return new EdgeList(chosen.Select(e => edges.Users[e]).ToArray(), chosen.Select(e => edges.Items[e]).ToArray());
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
