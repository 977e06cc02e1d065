using static TorchSharp.torch;

namespace UnlearnRec.Model.Backbones;

/// <summary>
/// The result of one backbone loss evaluation: the total (to back-propagate), its parts, and the main-branch final
/// embeddings it computed on the way (reused by the unlearning losses so the propagation runs once per step).
/// All tensors belong to the caller's dispose scope.
/// </summary>
/// <param name="Total">BPR + regulariser + weighted contrastive term.</param>
/// <param name="Bpr">BPR term.</param>
/// <param name="Regularizer">Weighted L2 term.</param>
/// <param name="Contrastive">Weighted contrastive term (zero tensor for LightGCN).</param>
/// <param name="Final">Main-branch final embeddings (N×d).</param>
public sealed record BackboneLoss(Tensor Total, Tensor Bpr, Tensor Regularizer, Tensor Contrastive, Tensor Final);
