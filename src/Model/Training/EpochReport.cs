namespace UnlearnRec.Model.Training;

/// <summary>Progress of one training epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Epochs">Planned epochs.</param>
/// <param name="Loss">Mean total loss over the epoch's batches.</param>
/// <param name="Seconds">Training wall time of the epoch (evaluation excluded).</param>
/// <param name="StepMsMedian">Median minibatch step time.</param>
/// <param name="Recall">Recall@K when evaluated this epoch.</param>
/// <param name="Ndcg">NDCG@K when evaluated this epoch.</param>
/// <param name="IsBest">Whether this evaluation is the best so far.</param>
/// <param name="ElapsedSeconds">Wall time since training started, evaluations included.</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Seconds, double StepMsMedian, double? Recall, double? Ndcg, bool IsBest, double ElapsedSeconds);
