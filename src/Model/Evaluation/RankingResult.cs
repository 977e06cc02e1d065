namespace UnlearnRec.Model.Evaluation;

/// <summary>Full-ranking utility of a model on a test split.</summary>
/// <param name="Recall">Mean Recall@K over test users.</param>
/// <param name="Ndcg">Mean NDCG@K over test users.</param>
/// <param name="Users">Number of evaluated (test) users.</param>
/// <param name="K">Cut-off.</param>
/// <param name="Seconds">Wall time of the evaluation.</param>
public sealed record RankingResult(double Recall, double Ndcg, int Users, int K, double Seconds);
