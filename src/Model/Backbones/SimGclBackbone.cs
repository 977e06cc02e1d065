using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Backbones;

/// <summary>
/// SimGCL as in the authors' code (method.md §2.3): main branch Ē = mean_{l=1..L} Âˡ E0; two perturbed branches
/// that add sign(Eˡ) ⊙ rownormalize(U)·ε after every propagation; InfoNCE over the batch's unique users and unique
/// positive items; regulariser λ(‖Ē[u]‖_F + ‖Ē[i⁺]‖_F)/B on the final embeddings (unsquared, "v1").
/// </summary>
public sealed class SimGclBackbone : Backbone
{
    /// <summary>Creates the backbone.</summary>
    public SimGclBackbone(BackboneOptions options)
        : base(BackboneKind.SimGcl, options)
    {
    }

    /// <inheritdoc />
    public override BackboneLoss Loss(PropagationGraph graph, Tensor ego, TrainingBatch batch, Random random)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(ego);
        ArgumentNullException.ThrowIfNull(batch);
        var final = Forward(graph, ego);
        var bpr = Bpr(final, batch);
        var size = (double)batch.Size;
        var reg = (final.index_select(0, batch.UserNodes).norm() + final.index_select(0, batch.PositiveNodes).norm())
                  * (Options.RegFor(Kind) / size);

        var eps = Options.NoiseEpsilon;
        Tensor Perturb(Tensor e)
        {
            // sign(E) has zero gradient, so the noise is a constant offset for back-propagation
            Tensor noise;
            using (no_grad())
            {
                noise = nn.functional.normalize(rand_like(e), p: 2, dim: 1) * e.sign() * eps;
            }

            return e + noise;
        }

        var z1 = Readout(graph, ego, Aggregation, Options.Layers, Perturb);
        var z2 = Readout(graph, ego, Aggregation, Options.Layers, Perturb);
        var users = unique(batch.UserNodes).output;
        var items = unique(batch.PositiveNodes).output;
        var cl = InfoNce(z1.index_select(0, users), z2.index_select(0, users), Options.Temperature)
                 + InfoNce(z1.index_select(0, items), z2.index_select(0, items), Options.Temperature);
        var contrastive = cl * Options.ContrastiveWeight;
        return new BackboneLoss(bpr + reg + contrastive, bpr, reg, contrastive, final);
    }
}
