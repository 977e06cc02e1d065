using UnlearnRec.Core.Embeddings;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Backbones;

/// <summary>
/// SGL with edge-drop views as in the authors' code (method.md §2.2): main branch Ē = mean_{l=0..L} Âˡ E0; two
/// views that keep each stored adjacency value with probability ρ (rescaled, not re-normalised) and sum layers 0..L;
/// InfoNCE over the batch's users (duplicates kept) and positive items; L2 on the batch's E0 rows, not divided by
/// the batch size. The InfoNCE terms are averaged over the batch nodes.
/// </summary>
public sealed class SglBackbone : Backbone
{
    /// <summary>Creates the backbone.</summary>
    public SglBackbone(BackboneOptions options)
        : base(BackboneKind.Sgl, options)
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
        var reg = (ego.index_select(0, batch.UserNodes).square().sum()
                   + ego.index_select(0, batch.PositiveNodes).square().sum()
                   + ego.index_select(0, batch.NegativeNodes).square().sum()) * Options.RegFor(Kind);

        using var view1 = graph.DropValues(Options.EdgeKeep, random);
        using var view2 = graph.DropValues(Options.EdgeKeep, random);
        var z1 = Readout(view1, ego, LayerAggregation.SumWithEgo, Options.Layers);
        var z2 = Readout(view2, ego, LayerAggregation.SumWithEgo, Options.Layers);
        var ssl = InfoNce(z1.index_select(0, batch.UserNodes), z2.index_select(0, batch.UserNodes), Options.Temperature)
                  + InfoNce(z1.index_select(0, batch.PositiveNodes), z2.index_select(0, batch.PositiveNodes), Options.Temperature);
        var contrastive = ssl * Options.ContrastiveWeight;
        return new BackboneLoss(bpr + reg + contrastive, bpr, reg, contrastive, final);
    }
}
