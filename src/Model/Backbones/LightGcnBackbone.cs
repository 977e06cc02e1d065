using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Backbones;

/// <summary>
/// LightGCN as in the authors' code (method.md §2.1): Ē = Σ_{l=0..L} Âˡ E0 (sum, not mean); loss = BPR + λ‖E0‖²
/// over the whole table.
/// </summary>
public sealed class LightGcnBackbone : Backbone
{
    /// <summary>Creates the backbone.</summary>
    public LightGcnBackbone(BackboneOptions options)
        : base(BackboneKind.LightGcn, options)
    {
    }

    /// <inheritdoc />
    public override BackboneLoss Loss(PropagationGraph graph, Tensor ego, TrainingBatch batch, Random random)
    {
        var final = Forward(graph, ego);
        var bpr = Bpr(final, batch);
        var reg = ego.square().sum() * Options.RegFor(Kind);
        var contrastive = zeros(1, device: ego.device).squeeze();
        return new BackboneLoss(bpr + reg, bpr, reg, contrastive, final);
    }
}
