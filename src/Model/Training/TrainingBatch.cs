using static TorchSharp.torch;

namespace UnlearnRec.Model.Training;

/// <summary>
/// One BPR minibatch as index tensors on the training device: users, positive items and negative items are item
/// indices (0-based within items; add the user count for node rows). Disposed with its scope.
/// </summary>
/// <param name="Users">User index per triple (int64).</param>
/// <param name="Positives">Positive item index per triple (int64).</param>
/// <param name="Negatives">Negative item index per triple (int64).</param>
/// <param name="UserNodes">Node rows of the users (same as <paramref name="Users"/>).</param>
/// <param name="PositiveNodes">Node rows of the positives (item + user count).</param>
/// <param name="NegativeNodes">Node rows of the negatives.</param>
public sealed record TrainingBatch(Tensor Users, Tensor Positives, Tensor Negatives, Tensor UserNodes, Tensor PositiveNodes, Tensor NegativeNodes)
{
    /// <summary>Number of triples.</summary>
    public long Size => Users.shape[0];
}
