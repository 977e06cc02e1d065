namespace UnlearnRec.Model.Experiments;

/// <summary>One row of the comparison table: a method's utility, forgetting and cost after one request.</summary>
public sealed record ExperimentRow
{
    /// <summary>Method name (<c>original</c> for the model before unlearning).</summary>
    public required string Method { get; init; }

    /// <summary>Recall@K on the test split, residual training items masked (original: its own graph's items).</summary>
    public required double Recall { get; init; }

    /// <summary>NDCG@K, same protocol.</summary>
    public required double Ndcg { get; init; }

    /// <summary>mean σ(ŷ_before) / mean σ(ŷ_after) over the request edges (higher = more forgotten; original = 1).</summary>
    public required double MiBf { get; init; }

    /// <summary>mean σ(ŷ_after) over random non-edges / mean σ(ŷ_after) over the request edges, averaged over draws.</summary>
    public required double MiNg { get; init; }

    /// <summary>MI-BF with the trained attacker's P(present) in place of σ (NaN when the attacker is off).</summary>
    public double MiBfAttacker { get; init; } = double.NaN;

    /// <summary>MI-NG with the trained attacker's P(present) (NaN when the attacker is off).</summary>
    public double MiNgAttacker { get; init; } = double.NaN;

    /// <summary>Unlearning wall time (original: its training wall time).</summary>
    public required double Seconds { get; init; }

    /// <summary>One-off preparation time (shard training, encoder pre-training).</summary>
    public double PrepareSeconds { get; init; }

    /// <summary>Peak resident memory of the process during the unlearning call, MiB.</summary>
    public required double PeakRssMb { get; init; }

    /// <summary>Peak resident memory during preparation, MiB (0 when there was none).</summary>
    public double PreparePeakRssMb { get; init; }

    /// <summary>Mean dot-product score of the request edges.</summary>
    public required double RequestScoreMean { get; init; }

    /// <summary>Mean score of the sampled residual training edges.</summary>
    public required double PositiveScoreMean { get; init; }

    /// <summary>Mean score of the random non-edges (all draws).</summary>
    public required double NegativeScoreMean { get; init; }

    /// <summary>Width of the served embeddings (d, or S·d for the partition baseline).</summary>
    public required int Width { get; init; }

    /// <summary>Method-specific figures (<see cref="UnlearningOutcome.Extra"/>).</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();
}
