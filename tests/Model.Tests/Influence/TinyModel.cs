using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Influence;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

/// <summary>
/// A small clustered synthetic data set with a LightGCN trained on it, built once per test run and shared (tests
/// using it run in the "Torch" collection, one at a time).
/// </summary>
internal static class TinyModel
{
    private static readonly Lazy<TrainedBackbone> Shared = new(() => Train(seed: 3));
    private static readonly Lazy<(InfluenceEncoderState State, double UntrainedGap)> SharedEncoder = new(Pretrain);

    /// <summary>
    /// Pre-training settings for the tiny graph: few short epochs, a higher learning rate than the default (the
    /// default schedule is meant for thousands of steps) and a 0.8 Recall guard.
    /// </summary>
    public static EncoderOptions EncoderOptions { get; } = new()
    {
        Epochs = 6,
        SimEpoch = 2,
        MaxBatchesPerEpoch = 8,
        BatchSize = 256,
        LearningRate = 0.01,
        RecallGuard = 0.8,
    };

    public static TrainedBackbone Model => Shared.Value;

    /// <summary>An encoder pre-trained on the tiny model, and the held-out gap of the untrained encoder.</summary>
    public static (InfluenceEncoderState State, double UntrainedGap) Encoder => SharedEncoder.Value;

    public static BipartiteGraph Original => BipartiteGraph.Build(Model.Dataset.UserCount, Model.Dataset.ItemCount, Model.Dataset.Train);

    public static BipartiteGraph Test => BipartiteGraph.Build(Model.Dataset.UserCount, Model.Dataset.ItemCount, Model.Dataset.Test);

    public static Backbone Backbone => Backbones.Backbone.Create(Model.Kind, Model.Options);

    /// <summary>The model as a bundle (as <c>unlearnrec train</c> would write it).</summary>
    public static ModelBundle Bundle()
    {
        var m = Model;
        var result = new TrainingResult
        {
            Ego = m.Ego,
            Final = m.Final,
            Metrics = new UnlearnRec.Model.Evaluation.RankingResult(0, 0, 0, 20, 0),
            EpochsRun = 1,
            BestEpoch = 1,
            TrainSeconds = 0,
            WallSeconds = 0,
            EpochSecondsMedian = 0,
            StepMsMedian = 0,
            BatchesPerEpoch = 1,
            History = [],
            StoppedEarly = false,
        };
        return BackboneBundles.Create(m.Dataset, Backbones.Backbone.Create(m.Kind, m.Options), new TrainerOptions(), result, "test");
    }

    private static (InfluenceEncoderState, double) Pretrain()
    {
        var untrained = double.NaN;
        var state = new InfluencePretrainer(EncoderOptions, CPU).Pretrain(Model, r =>
        {
            if (r.Epoch == 0)
            {
                untrained = r.Gap!.Value;
            }
        });
        return (state, untrained);
    }

    private static TrainedBackbone Train(int seed)
    {
        var dataset = DatasetLoader.Load($"synthetic:users=160,items=120,interactions=3200,seed={seed},clusters=4");
        // original ids that differ from dense indices, so id mapping mistakes show up
        var shifted = new InteractionDataset(dataset.Name,
            new IdMap(dataset.Users.OriginalIds.Select(i => (i * 7) + 1000).ToArray()),
            new IdMap(dataset.Items.OriginalIds.Select(i => (i * 3) + 50).ToArray()),
            dataset.Train, dataset.Test, dataset.Report);
        var options = new BackboneOptions { Dim = 16, Layers = 3 };
        var backbone = Backbones.Backbone.Create(BackboneKind.LightGcn, options);
        var trainer = new BackboneTrainer(backbone, new TrainerOptions { Epochs = 40, BatchSize = 256, EvalEvery = 0, Patience = 0, LearningRate = 0.003, Seed = seed }, CPU);
        var train = BipartiteGraph.Build(shifted.UserCount, shifted.ItemCount, shifted.Train);
        var test = BipartiteGraph.Build(shifted.UserCount, shifted.ItemCount, shifted.Test);
        var result = trainer.Train(train, test);
        return new TrainedBackbone
        {
            Kind = BackboneKind.LightGcn,
            Options = options,
            Dataset = shifted,
            Ego = result.Ego,
            Final = result.Final,
            Manifest = new BundleManifest { Users = shifted.UserCount, Items = shifted.ItemCount, Dim = options.Dim, Layers = options.Layers, Model = "lightgcn" },
        };
    }
}
