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
        AssertClose(expected, corrector.Correct(state));

        var consolidated = corrector.Consolidate(state, CancellationToken.None);
        Assert.NotNull(consolidated);
        Assert.NotEqual(expected, consolidated);
        // after consolidation, corrections build on the fine-tuned MLP and E0′
        AssertClose(consolidated, corrector.Correct(state));
        var more = EdgeSets.Union(forgotten, EdgeSets.Sample(original.ToEdgeList(), 0.01, 32, forgotten.ToKeySet()));
        Assert.NotEqual(unlearner.CorrectEgo(more), corrector.Correct(State(original, more)));
    }

    [Theory]
    [InlineData(false, 0.1)]
    [InlineData(true, 0.3)]
    [InlineData(false, 0.0)]
    public void TheIncrementalForwardRecomputesOnlyMovedRowsAndMatchesTheTensorPath(bool readoutLastOnly, double alpha)
    {
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        var encoder = Randomized(TinyModel.Encoder.State, readoutLastOnly, alpha, seed: 7);
        var unlearner = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, encoder, CPU);
        var forward = new IncrementalEncoderForward(encoder, model.Ego, model.Ego, model.Final, original.UserCount, original.ItemCount);

        // a forgotten set that grows by a few edges at a time, as the online engine's does
        var all = original.ToEdgeList();
        var forgotten = EdgeSets.Sample(all, 0.01, 41);
        AssertClose(unlearner.CorrectEgo(forgotten), forward.Correct(forgotten));
        Assert.Equal(original.NodeCount, forward.LastRowsComputed);
        for (var step = 0; step < 4; step++)
        {
            forgotten = EdgeSets.Union(forgotten, EdgeSets.Sample(all, 0.0005, (ulong)(50 + step), forgotten.ToKeySet()));
            var incremental = forward.Correct(forgotten);
            Assert.InRange(forward.LastRowsComputed, 1, original.NodeCount - 1);
            AssertClose(unlearner.CorrectEgo(forgotten), incremental);
            // rows it did not recompute keep exactly the bits a from-scratch forward gives them
            var fresh = new IncrementalEncoderForward(encoder, model.Ego, model.Ego, model.Final, original.UserCount, original.ItemCount).Correct(forgotten);
            Assert.Equal(fresh, incremental);
        }

        // the same set again computes nothing; a smaller set (a rollback or restore) computes everything
        var again = forward.Correct(forgotten);
        Assert.Equal(0, forward.LastRowsComputed);
        var smaller = EdgeSets.Sample(forgotten, 0.5, 60);
        AssertClose(unlearner.CorrectEgo(smaller), forward.Correct(smaller));
        Assert.Equal(original.NodeCount, forward.LastRowsComputed);
        Assert.Equal(model.Ego, forward.Correct(EdgeList.Empty));
        Assert.NotSame(again, forward.Correct(forgotten));
    }

    [Fact]
    public void AHandedBackBufferIsOverwrittenWithExactlyWhatANewArrayWouldHold()
    {
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        var encoder = Randomized(TinyModel.Encoder.State, readoutLastOnly: false, alpha: 0.1, seed: 11);
        IncrementalEncoderForward Forward() => new(encoder, model.Ego, model.Ego, model.Final, original.UserCount, original.ItemCount);
        var recycling = Forward();
        var allocating = Forward();
        var all = original.ToEdgeList();
        var forgotten = EdgeSets.Sample(all, 0.01, 71);
        float[]? spare = null;
        var current = recycling.Correct(forgotten, spare);
        Assert.Equal(allocating.Correct(forgotten), current);

        // grown sets (incremental path), the same set again (nothing to compute), a smaller one (full path): the engine's
        // pattern of handing back the array of the call before last
        var sets = new List<EdgeList>();
        for (var step = 0; step < 3; step++)
        {
            forgotten = EdgeSets.Union(forgotten, EdgeSets.Sample(all, 0.0005, (ulong)(80 + step), forgotten.ToKeySet()));
            sets.Add(forgotten);
        }

        sets.Add(forgotten);
        sets.Add(EdgeSets.Sample(forgotten, 0.5, 90));
        sets.Add(forgotten);
        foreach (var set in sets)
        {
            var expected = allocating.Correct(set);
            var before = current;
            current = recycling.Correct(set, spare);
            Assert.Equal(expected, current);
            if (spare is not null)
            {
                Assert.Same(spare, current);
            }

            spare = before;
        }

        // the array it builds on is never overwritten: handing back the last result gets a new array
        var last = current;
        var copy = (float[])last.Clone();
        var next = recycling.Correct(forgotten, last);
        Assert.NotSame(last, next);
        Assert.Equal(copy, last);
        Assert.Equal(allocating.Correct(forgotten), next);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(20)]
    public void TheForwardMatchesTheTensorPathAtEveryWidth(int dim)
    {
        // 64 takes the register-blocked MLP, 20 the generic one with a scalar tail
        var bundle = UnlearnRec.Model.Engine.UntrainedBundleFactory.Synthetic(new UnlearnRec.Model.Engine.SyntheticBundleSpec { Users = 80, Items = 50, InteractionsPerUser = 6, Dim = dim, Layers = 2, Seed = 9 });
        var m = bundle.Manifest;
        var pairs = bundle.Ints(BundleArrayNames.TrainEdges);
        var graph = BipartiteGraph.Build(m.Users, m.Items, new EdgeList(
            Enumerable.Range(0, pairs.Length / 2).Select(e => pairs[2 * e]).ToArray(),
            Enumerable.Range(0, pairs.Length / 2).Select(e => pairs[(2 * e) + 1]).ToArray()));
        var ego = bundle.Floats(BundleArrayNames.Ego);
        var final = bundle.Floats(BundleArrayNames.Final);
        var encoder = Randomized(InfluenceEncoderState.Initial(graph.NodeCount, dim, 2, new EncoderOptions()), readoutLastOnly: false, alpha: 0.2, seed: dim);
        var backbone = Backbones.Backbone.Create(Backbones.BackboneKind.LightGcn, new Backbones.BackboneOptions { Dim = dim, Layers = 2 });
        var unlearner = new InfluenceUnlearner(backbone, graph, ego, final, encoder, CPU);
        var forward = new IncrementalEncoderForward(encoder, ego, ego, final, graph.UserCount, graph.ItemCount);

        var forgotten = EdgeSets.Sample(graph.ToEdgeList(), 0.05, 3);
        AssertClose(unlearner.CorrectEgo(forgotten), forward.Correct(forgotten));
        forgotten = EdgeSets.Union(forgotten, EdgeSets.Sample(graph.ToEdgeList(), 0.01, 4, forgotten.ToKeySet()));
        AssertClose(unlearner.CorrectEgo(forgotten), forward.Correct(forgotten));
    }

    // A trained-looking encoder: non-trivial H0, η and MLP, so every term of the forward pass matters.
    private static InfluenceEncoderState Randomized(InfluenceEncoderState state, bool readoutLastOnly, double alpha, int seed)
    {
        var random = new Random(seed);
        float[] Noise(int length, double scale) => Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        return state with
        {
            Options = state.Options with { ReadoutLastOnly = readoutLastOnly, Alpha = alpha, Slope = 0.2 },
            H0 = Noise(state.H0.Length, 0.2),
            Eta = Noise(state.Eta.Length, 2),
            Weights = state.Weights.Select(w => Noise(w.Length, 0.5)).ToArray(),
            Biases = state.Biases.Select(b => Noise(b.Length, 0.1)).ToArray(),
        };
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Max(1f, Math.Abs(expected[i])));
        }

        // the MLP's dot products are summed in another order than the BLAS product: float rounding only
        Assert.True(worst < 1e-5f, $"largest relative difference {worst:G3}");
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
