namespace UnlearnRec.Model.Experiments;

/// <summary>What an unlearning method produced: the embeddings it would serve and what it cost.</summary>
public sealed record UnlearningOutcome
{
    /// <summary>Method name as it appears in the result table (e.g. <c>retrain</c>, <c>unlearnrec</c>).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// Final embeddings served after unlearning, N×D row-major (users then items), scored by dot product. D is usually
    /// the backbone's d but may be any width (the partition baseline serves N×(S·d), one block per shard model), so
    /// evaluation and membership-inference code must take the width from <c>Final.Length / N</c>.
    /// </summary>
    public required float[] Final { get; init; }

    /// <summary>Wall time of the unlearning itself (one-off preparation excluded).</summary>
    public required double Seconds { get; init; }

    /// <summary>Peak resident memory observed during the unlearning, MiB.</summary>
    public required double PeakRssMb { get; init; }

    /// <summary>Further figures (e.g. <c>finetune_seconds</c>, <c>zero_shot_seconds</c>, <c>shards_retrained</c>).</summary>
    public IReadOnlyDictionary<string, double> Extra { get; init; } = new Dictionary<string, double>();
}
