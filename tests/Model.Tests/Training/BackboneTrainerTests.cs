using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Training;

[Collection("torch")]
public sealed class BackboneTrainerTests
{
    private static readonly Lazy<(BipartiteGraph Train, BipartiteGraph Test)> Data = new(() =>
    {
        var d = DatasetLoader.Load("synthetic:users=300,items=200,interactions=6000,seed=3");
        return (BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Train), BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Test));
    });

    [Theory]
    [InlineData("lightgcn")]
    [InlineData("sgl")]
    [InlineData("simgcl")]
    public void TrainingLearnsBeyondTheUntrainedModelAndLossDrops(string model)
    {
        var (train, test) = Data.Value;
        var kind = BackboneKinds.Parse(model);
        var backbone = Backbone.Create(kind, new BackboneOptions { Dim = 16 });
        var options = new TrainerOptions { Epochs = 12, BatchSize = 512, LearningRate = 0.01, EvalEvery = 4, Patience = 0, Seed = 5 };

        var untrained = new BackboneTrainer(backbone, options with { Epochs = 1, LearningRate = 1e-9, EvalEvery = 1 }, CPU).Train(train, test);
        var trained = new BackboneTrainer(backbone, options, CPU).Train(train, test);

        Assert.True(trained.Metrics.Recall > untrained.Metrics.Recall + 0.02, $"{model}: recall {trained.Metrics.Recall:F4} vs untrained {untrained.Metrics.Recall:F4}");
        Assert.True(trained.History[^1].Loss < trained.History[0].Loss, $"{model}: loss did not decrease");
        Assert.Equal(train.NodeCount * 16, trained.Ego.Length);
        Assert.All(trained.Final, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void SameSeedGivesTheSameModel()
    {
        var (train, test) = Data.Value;
        var backbone = Backbone.Create(BackboneKind.LightGcn, new BackboneOptions { Dim = 8 });
        var options = new TrainerOptions { Epochs = 2, BatchSize = 256, EvalEvery = 0, Seed = 9 };
        var a = new BackboneTrainer(backbone, options, CPU).Train(train, test);
        var b = new BackboneTrainer(backbone, options, CPU).Train(train, test);
        Assert.Equal(a.Ego, b.Ego);
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestCheckpoint()
    {
        var (train, test) = Data.Value;
        var backbone = Backbone.Create(BackboneKind.LightGcn, new BackboneOptions { Dim = 8 });
        // a huge learning rate makes recall fall after the first evaluation, so patience must stop the run
        var options = new TrainerOptions { Epochs = 60, BatchSize = 256, LearningRate = 0.5, EvalEvery = 1, Patience = 2, Seed = 1 };
        var result = new BackboneTrainer(backbone, options, CPU).Train(train, test);
        var bestRecall = result.History.Where(h => h.Recall is not null).Max(h => h.Recall!.Value);
        Assert.Equal(bestRecall, result.Metrics.Recall, 9);
    }

    [Fact]
    public void TrainingStepsLeakNoTensors()
    {
        var (train, test) = Data.Value;
        var backbone = Backbone.Create(BackboneKind.Sgl, new BackboneOptions { Dim = 8 });
        var options = new TrainerOptions { Epochs = 1, BatchSize = 256, EvalEvery = 0, Seed = 2 };
        new BackboneTrainer(backbone, options, CPU).Train(train, test);
        var before = Tensor.TotalCount;
        new BackboneTrainer(backbone, options with { Epochs = 3 }, CPU).Train(train, test);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.InRange(Tensor.TotalCount - before, -5, 5);
    }

    [Fact]
    public void NegativesAreNeverTrainingPositives()
    {
        var (train, _) = Data.Value;
        var users = Enumerable.Range(0, 20000).Select(i => i % train.UserCount).ToArray();
        var negatives = new int[users.Length];
        NegativeSampler.Sample(train, users, negatives, 77);
        for (var i = 0; i < users.Length; i++)
        {
            Assert.False(train.Contains(users[i], negatives[i]));
            Assert.InRange(negatives[i], 0, train.ItemCount - 1);
        }

        // uniform over non-interacted items: every item shows up in 20k draws
        Assert.True(negatives.Distinct().Count() > train.ItemCount * 0.95);
    }
}
