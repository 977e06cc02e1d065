namespace UnlearnRec.Model.Influence;

/// <summary>Progress of one fine-tuning epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Steps">Minibatches run.</param>
/// <param name="Total">Mean L_ft = L_M + λ_u L_u + λ_p L_p.</param>
/// <param name="Model">Mean L_M.</param>
/// <param name="Unlearn">Mean L_u (unweighted).</param>
/// <param name="Preserve">Mean L_p (unweighted).</param>
/// <param name="Seconds">Training wall time of the epoch (early-stop check excluded).</param>
/// <param name="MiNg">MI-NG after the epoch, when the early-stop check ran.</param>
/// <param name="Recall">Recall@K on the residual graph after the epoch, when checked with a test graph.</param>
/// <param name="Stop">Whether the early-stop rule fired after this epoch.</param>
public sealed record FineTuneEpochReport(int Epoch, int Epochs, int Steps, double Total, double Model, double Unlearn, double Preserve, double Seconds, double? MiNg, double? Recall, bool Stop);
