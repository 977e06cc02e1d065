namespace UnlearnRec.Model.Influence;

/// <summary>Progress of one Influence Encoder pre-training epoch (mean loss parts over its steps).</summary>
/// <param name="Epoch">1-based epoch (0 = the evaluation of the untrained encoder).</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Steps">Minibatches run this epoch.</param>
/// <param name="Total">Mean L_pre = L_M + λ_u L_u + λ_p L_p + λ_c L_c.</param>
/// <param name="Model">Mean L_M (backbone loss incl. its SSL term).</param>
/// <param name="Unlearn">Mean L_u (unweighted).</param>
/// <param name="Preserve">Mean L_p (unweighted).</param>
/// <param name="Contrast">Mean L_c (unweighted).</param>
/// <param name="RequestEdges">Edges of the simulated request in effect.</param>
/// <param name="NewRequest">Whether a new simulated request was drawn at the start of this epoch.</param>
/// <param name="Seconds">Training wall time of the epoch (evaluation excluded).</param>
/// <param name="Gap">Held-out gap mean(non-edge score) − mean(request score), when evaluated.</param>
/// <param name="Recall">Held-out Recall@K on the residual graph, when evaluated.</param>
/// <param name="IsBest">Whether this checkpoint is the selected one so far.</param>
/// <param name="ElapsedSeconds">Wall time since pre-training started, evaluations included.</param>
public sealed record PretrainEpochReport(
    int Epoch,
    int Epochs,
    int Steps,
    double Total,
    double Model,
    double Unlearn,
    double Preserve,
    double Contrast,
    int RequestEdges,
    bool NewRequest,
    double Seconds,
    double? Gap,
    double? Recall,
    bool IsBest,
    double ElapsedSeconds);
