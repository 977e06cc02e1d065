namespace UnlearnRec.Model.Influence;

/// <summary>Zero-shot unlearning (method.md §5.1): Ẽ0 from one IE forward and the served embeddings on Â_r, with timings.</summary>
public sealed record ZeroShotResult
{
    /// <summary>Ẽ0 (N×d).</summary>
    public required float[] Ego { get; init; }

    /// <summary>Backbone.Forward(Â_r, Ẽ0) (N×d): the embeddings to serve.</summary>
    public required float[] Final { get; init; }

    /// <summary>Building the residual graph and its normalised adjacency (0 when the caller supplied the graph).</summary>
    public required double ResidualSeconds { get; init; }

    /// <summary>Building Â_Δ and running the IE forward.</summary>
    public required double EncoderSeconds { get; init; }

    /// <summary>The backbone forward on Â_r.</summary>
    public required double PropagationSeconds { get; init; }

    /// <summary>Total zero-shot wall time (all of the above plus copies).</summary>
    public required double Seconds { get; init; }
}
