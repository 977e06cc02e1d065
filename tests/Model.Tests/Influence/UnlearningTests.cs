using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Evaluation;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Influence;
using UnlearnRec.Model.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

[Collection("Torch")]
public sealed class UnlearningTests(ITestOutputHelper output)
{
    private static readonly FineTuneOptions FineTune = new() { Epochs = 3, BatchSize = 256, LambdaU = 0.5 };

    [Fact]
    public void ZeroShotAndFineTuningForgetTheRequestAndKeepUtility()
    {
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        var dim = model.Options.Dim;
        var request = EdgeSets.Sample(original.ToEdgeList(), 0.02, 4242);
        var residual = EdgeSets.Residual(original, request);
        var unlearner = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, TinyModel.Encoder.State, CPU, TinyModel.Test);

        var zeroShot = unlearner.ZeroShot(request, residual);
        Assert.Equal(model.Ego.Length, zeroShot.Ego.Length);
        Assert.Equal(model.Final.Length, zeroShot.Final.Length);
        var fineTuned = unlearner.FineTune(request, FineTune with { EarlyStop = false }, residual);
        Assert.Equal(3, fineTuned.EpochsRun);
        Assert.NotNull(unlearner.Tuned);

        var positives = EdgeSets.Sample(residual.ToEdgeList(), 0.1, 77);
        double Score(float[] f, EdgeList e) => MembershipRatios.MeanScore(f, dim, original.UserCount, e);
        var miNgOriginal = MembershipRatios.MiNg(model.Final, dim, original, request, 1);
        var miNgZero = MembershipRatios.MiNg(zeroShot.Final, dim, original, request, 1);
        var miNgTuned = MembershipRatios.MiNg(fineTuned.Final, dim, original, request, 1);
        var evaluator = new RankingEvaluator(residual, TinyModel.Test);
        var recallOriginal = Recall(new RankingEvaluator(original, TinyModel.Test), model.Final, dim);
        var recallTuned = Recall(evaluator, fineTuned.Final, dim);
        output.WriteLine($"request score {Score(model.Final, request):F3} -> zero-shot {Score(zeroShot.Final, request):F3} -> tuned {Score(fineTuned.Final, request):F3}; positives {Score(fineTuned.Final, positives):F3}");
        output.WriteLine($"MI-NG {miNgOriginal:F3} -> {miNgZero:F3} -> {miNgTuned:F3}; MI-BF tuned {MembershipRatios.MiBf(model.Final, fineTuned.Final, dim, original.UserCount, request):F3}; recall {recallOriginal:F4} -> {recallTuned:F4}");

        Assert.True(Score(zeroShot.Final, request) < Score(model.Final, request));
        Assert.True(Score(fineTuned.Final, request) < Score(fineTuned.Final, positives), "forgotten edges must score below the remaining positives");
        Assert.True(miNgZero > miNgOriginal && miNgTuned > miNgZero, "MI-NG must grow: original < zero-shot < fine-tuned");
        Assert.True(miNgTuned > 0.8, $"MI-NG after fine-tuning {miNgTuned} should approach or exceed 1");
        Assert.True(MembershipRatios.MiBf(model.Final, fineTuned.Final, dim, original.UserCount, request) > 1);
        Assert.True(recallTuned > 0.75 * recallOriginal, $"recall {recallTuned} vs original {recallOriginal}");
    }

    [Fact]
    public void SequentialRequestsAccumulateAndContinueFromTheFineTunedState()
    {
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        var edges = original.ToEdgeList();
        var first = EdgeSets.Sample(edges, 0.01, 1);
        var second = EdgeSets.Sample(edges, 0.01, 2, first.ToKeySet());
        var union = EdgeSets.Union(first, second);
        var unlearner = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, TinyModel.Encoder.State, CPU);
        var options = FineTune with { Epochs = 1, EarlyStop = false };
        unlearner.FineTune(first, options);
        var afterFirst = unlearner.Tuned!;
        // the zero-shot step of the next request builds on the fine-tuned MLP and E0′
        var fresh = new InfluenceUnlearner(TinyModel.Backbone, original, model.Ego, model.Final, TinyModel.Encoder.State, CPU);
        Assert.NotEqual(fresh.CorrectEgo(union), unlearner.CorrectEgo(union));
        fresh.Restore(afterFirst);
        Assert.Equal(fresh.CorrectEgo(union), unlearner.CorrectEgo(union));

        unlearner.FineTune(union, options);
        Assert.NotEqual(afterFirst.Ego, unlearner.Tuned!.Ego);
        // nothing forgotten: the original E0, however the encoder was tuned
        Assert.Equal(model.Ego, unlearner.CorrectEgo(EdgeList.Empty));
    }

    [Fact]
    public void ComparisonTableAdaptersSharePreTrainingAndReportTheirTimes()
    {
        var model = TinyModel.Model;
        var original = TinyModel.Original;
        var cache = new PretrainedEncoderCache(TinyModel.EncoderOptions with { Epochs = 2, MaxBatchesPerEpoch = 2 });
        var zeroShot = new UnlearnRecZeroShotMethod(cache);
        var full = new UnlearnRecMethod(cache, FineTune with { Epochs = 1 });
        Assert.Equal("unlearnrec-zero-shot", zeroShot.Name);
        Assert.Equal("unlearnrec", full.Name);

        var request = EdgeSets.Sample(original.ToEdgeList(), 0.01, 5);
        var task = new UnlearningTask
        {
            Model = model,
            Original = original,
            Request = request,
            Residual = EdgeSets.Residual(original, request),
            Test = TinyModel.Test,
            Trainer = new TrainerOptions(),
            Device = CPU,
        };
        var prepZero = zeroShot.Prepare(task);
        var prepFull = full.Prepare(task);
        Assert.Equal(1, cache.PretrainCount);
        Assert.True(prepZero > 0);
        Assert.Equal(prepZero, prepFull);

        var a = zeroShot.Unlearn(task, CancellationToken.None);
        var b = full.Unlearn(task, CancellationToken.None);
        Assert.Equal(model.Final.Length, a.Final.Length);
        Assert.Equal(model.Final.Length, b.Final.Length);
        Assert.Equal(0, a.Extra["finetune_seconds"]);
        Assert.True(b.Extra["finetune_seconds"] > 0);
        Assert.True(a.Extra["zero_shot_seconds"] > 0 && b.Extra["zero_shot_seconds"] > 0);
        Assert.Equal(a.Extra["zero_shot_seconds"], a.Seconds);
        Assert.Equal(b.Extra["zero_shot_seconds"] + b.Extra["finetune_seconds"], b.Seconds, 9);

        // a sequential follow-up (superset request) continues; the zero-shot row needs no state
        var next = EdgeSets.Union(request, EdgeSets.Sample(original.ToEdgeList(), 0.01, 6, request.ToKeySet()));
        var c = full.Unlearn(task with { Request = next, Increment = next, Residual = EdgeSets.Residual(original, next) }, CancellationToken.None);
        Assert.Equal(model.Final.Length, c.Final.Length);
        Assert.Equal(1, cache.PretrainCount);
    }

    private static double Recall(RankingEvaluator evaluator, float[] final, int dim)
    {
        using var t = tensor(final, [final.Length / dim, dim]);
        return evaluator.Evaluate(t).Recall;
    }
}
