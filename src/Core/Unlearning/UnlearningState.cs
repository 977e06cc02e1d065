using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// What an <see cref="IEgoCorrector"/> sees when asked to correct the model for the cumulative forgotten set
/// (method.md §5.3: always against the original E0 and Ē, never against a previous correction).
/// </summary>
public sealed record UnlearningState
{
    /// <summary>Number of users.</summary>
    public required int UserCount { get; init; }

    /// <summary>Number of items.</summary>
    public required int ItemCount { get; init; }

    /// <summary>Embedding width.</summary>
    public required int Dim { get; init; }

    /// <summary>Backbone propagation layers.</summary>
    public required int Layers { get; init; }

    /// <summary>Backbone layer readout.</summary>
    public required LayerAggregation Aggregation { get; init; }

    /// <summary>Original 0-layer embeddings E0 (N×dim, row-major). Read-only.</summary>
    public required float[] Ego { get; init; }

    /// <summary>Original final embeddings Ē on the original graph (N×dim). Read-only.</summary>
    public required float[] Final { get; init; }

    /// <summary>Original training graph.</summary>
    public required BipartiteGraph Original { get; init; }

    /// <summary>All interactions forgotten so far (cumulative union of requests).</summary>
    public required EdgeList Forgotten { get; init; }

    private BipartiteGraph? _residual;

    /// <summary>
    /// Residual graph: original minus forgotten. Given directly, or built on first use by <see cref="ResidualFactory"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither the graph nor a factory was given.</exception>
    public BipartiteGraph Residual
    {
        get => _residual ??= ResidualFactory?.Invoke()
            ?? throw new InvalidOperationException("the unlearning state has neither a residual graph nor a factory for it");
        init => _residual = value;
    }

    /// <summary>
    /// Builds the residual graph when a corrector first asks for it. The online engine passes one: the encoder's
    /// zero-shot correction never reads the graph, and building it costs O(edges) of time and large allocations on
    /// every computation.
    /// </summary>
    public Func<BipartiteGraph>? ResidualFactory { get; init; }

    /// <summary>Normalised adjacency of the residual graph.</summary>
    public required CsrMatrix ResidualAdjacency { get; init; }
}
