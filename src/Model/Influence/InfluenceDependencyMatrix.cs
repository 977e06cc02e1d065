using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// The Influence Dependency Matrix Â_Δ of a request (method.md §3.1): the bipartite adjacency of the requested edges
/// alone, symmetric-normalised by the request's own degrees D_Δ, without self-loops. Nodes the request does not touch
/// have empty rows; nnz = 2|E_Δ| (duplicates merged).
/// </summary>
public sealed class InfluenceDependencyMatrix
{
    private InfluenceDependencyMatrix(BipartiteGraph graph, CsrMatrix matrix, int[] degrees)
    {
        Graph = graph;
        Matrix = matrix;
        Degrees = degrees;
    }

    /// <summary>The request as a (deduplicated) bipartite graph.</summary>
    public BipartiteGraph Graph { get; }

    /// <summary>Â_Δ = D_Δ^-1/2 Ā_Δ D_Δ^-1/2 (N×N).</summary>
    public CsrMatrix Matrix { get; }

    /// <summary>D_Δ: number of requested edges touching each node (N entries; users first, then items).</summary>
    public int[] Degrees { get; }

    /// <summary>Distinct requested edges.</summary>
    public int EdgeCount => Graph.EdgeCount;

    /// <summary>Builds Â_Δ for a request over <paramref name="userCount"/> users and <paramref name="itemCount"/> items.</summary>
    public static InfluenceDependencyMatrix Build(int userCount, int itemCount, EdgeList request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // the request graph's own normalised adjacency is exactly Â_Δ: degrees are counted on E_Δ only
        var graph = BipartiteGraph.Build(userCount, itemCount, request);
        var degrees = new int[graph.NodeCount];
        for (var u = 0; u < userCount; u++)
        {
            degrees[u] = graph.UserDegree(u);
        }

        for (var v = 0; v < itemCount; v++)
        {
            degrees[userCount + v] = graph.ItemDegree(v);
        }

        return new InfluenceDependencyMatrix(graph, graph.NormalizedAdjacency(), degrees);
    }
}
