using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Influence;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

[Collection("Torch")]
public sealed class EncoderEgoCorrectorTests
{
    [Fact]
    public void CorrectEqualsTheZeroShotPathAndConsolidationCarriesOver()
    {
        var bundle = InfluenceEncoderBundles.WithEncoder(TinyModel.Bundle(), TinyModel.Encoder.State);
        var corrector = EncoderEgoCorrector.TryCreate(bundle, CPU, new FineTuneOptions { Epochs = 1, BatchSize = 512, MaxBatchesPerEpoch = 3 });
        Assert.NotNull(corrector);
        Assert.Equal("influence-encoder", corrector!.Name);
        Assert.Equal(TinyModel.EncoderOptions.RhoPre, corrector.MaxForgetRatio);

        var model = TinyModel.Model;
        var original = TinyModel.Original;
        Assert.Equal(model.Ego, corrector.Correct(State(original, EdgeList.Empty)));

        var forgotten = EdgeSets.Sample(original.ToEdgeList(), 0.02, 31);
        var state = State(original, forgotten);
        var unlearner = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, TinyModel.Encoder.State, CPU);
        var expected = unlearner.ZeroShot(forgotten, state.Residual).Ego;
        Assert.Equal(expected, corrector.Correct(state));

        var consolidated = corrector.Consolidate(state, CancellationToken.None);
        Assert.NotNull(consolidated);
        Assert.NotEqual(expected, consolidated);
        // after consolidation, corrections build on the fine-tuned MLP and E0′
        Assert.Equal(consolidated, corrector.Correct(state));
        var more = EdgeSets.Union(forgotten, EdgeSets.Sample(original.ToEdgeList(), 0.01, 32, forgotten.ToKeySet()));
        Assert.NotEqual(unlearner.CorrectEgo(more), corrector.Correct(State(original, more)));
    }

    private static UnlearningState State(BipartiteGraph original, EdgeList forgotten)
    {
        var model = TinyModel.Model;
        var residual = EdgeSets.Residual(original, forgotten);
        return new UnlearningState
        {
            UserCount = original.UserCount,
            ItemCount = original.ItemCount,
            Dim = model.Options.Dim,
            Layers = model.Options.Layers,
            Aggregation = model.Kind == Backbones.BackboneKind.LightGcn ? Core.Embeddings.LayerAggregation.SumWithEgo : throw new NotSupportedException(),
            Ego = model.Ego,
            Final = model.Final,
            Original = original,
            Forgotten = forgotten,
            Residual = residual,
            ResidualAdjacency = residual.NormalizedAdjacency(),
        };
    }
}
