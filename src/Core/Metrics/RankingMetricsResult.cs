namespace UnlearnRec.Core.Metrics;

/// <summary>Averaged full-ranking utility metrics (method.md §6.3).</summary>
/// <param name="Recall">Mean Recall@K over evaluated users (0 when none were evaluated).</param>
/// <param name="Ndcg">Mean NDCG@K over evaluated users (0 when none were evaluated).</param>
/// <param name="Users">Number of evaluated users, i.e. users with at least one test item.</param>
/// <param name="K">The cut-off.</param>
public sealed record RankingMetricsResult(double Recall, double Ndcg, int Users, int K);
