using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// The secondary protocol of method.md §6.2: a seeded uniform random fraction of the real training edges is the
/// unlearning request (default 0.3 %, §9 A11).
/// </summary>
public static class RandomRequest
{
    /// <summary>The authors' default request fraction.</summary>
    public const double DefaultRatio = 0.003;

    /// <summary>round(ratio·|E|) distinct training edges (at least one), drawn uniformly without replacement.</summary>
    public static EdgeList Sample(BipartiteGraph graph, double ratio, int seed)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (!(ratio > 0 && ratio < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the request ratio must lie in (0, 1)");
        }

        if (graph.EdgeCount == 0)
        {
            throw new ArgumentException("the graph has no edges to request", nameof(graph));
        }

        var edges = graph.ToEdgeList();
        var take = (int)Math.Clamp(Math.Round(ratio * edges.Count, MidpointRounding.AwayFromZero), 1, edges.Count);
        var chosen = AdversarialAttack.SampleIndices(edges.Count, take, (ulong)seed ^ 0x5EED_0003UL);
        return new EdgeList(chosen.Select(e => edges.Users[e]).ToArray(), chosen.Select(e => edges.Items[e]).ToArray());
    }
}
