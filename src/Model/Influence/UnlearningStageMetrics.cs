using UnlearnRec.Model.Evaluation;

namespace UnlearnRec.Model.Influence;

/// <summary>Utility and forgetting figures of one unlearning stage (zero-shot or fine-tuned).</summary>
/// <param name="Ranking">Recall@K / NDCG@K on the test split with the residual graph's items masked.</param>
/// <param name="MiBf">MI-BF over the cumulative forgotten set (method.md §6.4).</param>
/// <param name="MiNg">MI-NG over the cumulative forgotten set.</param>
/// <param name="MeanForgottenScore">Mean raw score ⟨ē_u, ē_v⟩ of the forgotten edges after this stage.</param>
/// <param name="Seconds">Wall time of the stage (zero-shot forward, or fine-tuning epochs without early-stop checks).</param>
public sealed record UnlearningStageMetrics(RankingResult Ranking, double MiBf, double MiNg, double MeanForgottenScore, double Seconds);
