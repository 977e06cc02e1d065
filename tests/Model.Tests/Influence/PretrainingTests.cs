using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Influence;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

[Collection("Torch")]
public sealed class PretrainingTests
{
    [Fact]
    public void PretrainingWidensTheHeldOutGapAndTrainsOnlyH0AndEta()
    {
        var (state, untrainedGap) = TinyModel.Encoder;
        Assert.True(state.SelectedEpoch > 0, "a trained checkpoint should beat the untrained encoder on the held-out request");
        Assert.True(state.HoldoutGap > untrainedGap + 0.1, $"held-out gap {state.HoldoutGap} vs untrained {untrainedGap}");
        Assert.True(state.PretrainSeconds > 0);

        var initial = InfluenceEncoderState.Initial(state.Nodes, state.Dim, state.Layers, state.Options);
        Assert.NotEqual(initial.H0, state.H0);
        Assert.NotEqual(initial.Eta, state.Eta);
        // A3: the MLP is frozen during pre-training and stays the identity
        for (var k = 0; k < state.Weights.Count; k++)
        {
            Assert.Equal(initial.Weights[k], state.Weights[k]);
            Assert.Equal(initial.Biases[k], state.Biases[k]);
        }
    }

    [Fact]
    public void PretrainedEncoderLowersScoresOfAnUnseenRequestZeroShot()
    {
        var (state, _) = TinyModel.Encoder;
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        // a fresh random request the pre-training never drew
        var request = EdgeSets.Sample(original.ToEdgeList(), 0.05, 987654);
        var untrained = InfluenceEncoderState.Initial(state.Nodes, state.Dim, state.Layers, state.Options);
        var before = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, untrained, CPU).ZeroShot(request);
        var after = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, state, CPU).ZeroShot(request);
        var dim = model.Options.Dim;
        var scoreBefore = MembershipRatios.MeanScore(before.Final, dim, original.UserCount, request);
        var scoreAfter = MembershipRatios.MeanScore(after.Final, dim, original.UserCount, request);
        Assert.True(scoreAfter < scoreBefore, $"request score {scoreAfter} should drop below the untrained encoder's {scoreBefore}");
    }
}
