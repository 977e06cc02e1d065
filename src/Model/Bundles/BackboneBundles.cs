using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Bundles;

/// <summary>Writes trained backbones into model bundles and reads them back (architecture.md §2).</summary>
public static class BackboneBundles
{
    /// <summary>Hyper-parameter keys used in the manifest.</summary>
    public static class Keys
    {
        /// <summary>λ_reg.</summary>
        public const string Reg = "reg";

        /// <summary>Contrastive weight.</summary>
        public const string ContrastiveWeight = "contrastive_weight";

        /// <summary>InfoNCE temperature.</summary>
        public const string Temperature = "temperature";

        /// <summary>SGL edge keep probability.</summary>
        public const string EdgeKeep = "edge_keep";

        /// <summary>SimGCL noise ε.</summary>
        public const string NoiseEpsilon = "noise_eps";

        /// <summary>Learning rate.</summary>
        public const string LearningRate = "lr";

        /// <summary>Batch size.</summary>
        public const string Batch = "batch";

        /// <summary>Maximum epochs.</summary>
        public const string Epochs = "epochs";

        /// <summary>Seed.</summary>
        public const string Seed = "seed";

        /// <summary>Evaluation period.</summary>
        public const string EvalEvery = "eval_every";

        /// <summary>Early-stopping patience.</summary>
        public const string Patience = "patience";

        /// <summary>Epochs actually run.</summary>
        public const string EpochsRun = "epochs_run";

        /// <summary>Selected epoch.</summary>
        public const string BestEpoch = "best_epoch";
    }

    /// <summary>Builds the bundle of a freshly trained backbone.</summary>
    public static ModelBundle Create(InteractionDataset dataset, Backbone backbone, TrainerOptions trainer, TrainingResult result, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(result);
        var o = backbone.Options;
        var manifest = new BundleManifest
        {
            Dataset = dataset.Name,
            DatasetFingerprint = fingerprint,
            Users = dataset.UserCount,
            Items = dataset.ItemCount,
            Model = backbone.Kind.Name(),
            Dim = o.Dim,
            Layers = o.Layers,
            Hyperparameters = new Dictionary<string, double>
            {
                [Keys.Reg] = o.RegFor(backbone.Kind),
                [Keys.ContrastiveWeight] = o.ContrastiveWeight,
                [Keys.Temperature] = o.Temperature,
                [Keys.EdgeKeep] = o.EdgeKeep,
                [Keys.NoiseEpsilon] = o.NoiseEpsilon,
                [Keys.LearningRate] = trainer.LearningRate,
                [Keys.Batch] = trainer.BatchSize,
                [Keys.Epochs] = trainer.Epochs,
                [Keys.Seed] = trainer.Seed,
                [Keys.EvalEvery] = trainer.EvalEvery,
                [Keys.Patience] = trainer.Patience,
                [Keys.EpochsRun] = result.EpochsRun,
                [Keys.BestEpoch] = result.BestEpoch,
            },
            Metrics = new Dictionary<string, double>
            {
                [$"recall@{result.Metrics.K}"] = result.Metrics.Recall,
                [$"ndcg@{result.Metrics.K}"] = result.Metrics.Ndcg,
                ["train_seconds"] = result.TrainSeconds,
                ["wall_seconds"] = result.WallSeconds,
            },
            Notes = [dataset.Report.SplitDescription, .. dataset.Report.Notes],
        };
        var arrays = DatasetArrays(dataset);
        arrays[BundleArrayNames.Ego] = BundleArray.Of(result.Ego, dataset.UserCount + dataset.ItemCount, o.Dim);
        arrays[BundleArrayNames.Final] = BundleArray.Of(result.Final, dataset.UserCount + dataset.ItemCount, o.Dim);
        return new ModelBundle(manifest, arrays);
    }

    /// <summary>Id maps and splits of a data set as bundle arrays.</summary>
    public static Dictionary<string, BundleArray> DatasetArrays(InteractionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new Dictionary<string, BundleArray>(StringComparer.Ordinal)
        {
            [BundleArrayNames.UserIds] = BundleArray.Of(dataset.Users.OriginalIds.ToArray()),
            [BundleArrayNames.ItemIds] = BundleArray.Of(dataset.Items.OriginalIds.ToArray()),
            [BundleArrayNames.TrainEdges] = EdgeArray(dataset.Train),
            [BundleArrayNames.TestEdges] = EdgeArray(dataset.Test),
        };
    }

    /// <summary>An edge list as an int32 [edges, 2] array.</summary>
    public static BundleArray EdgeArray(EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var data = new int[edges.Count * 2];
        for (var e = 0; e < edges.Count; e++)
        {
            data[2 * e] = edges.Users[e];
            data[(2 * e) + 1] = edges.Items[e];
        }

        return BundleArray.Of(data, edges.Count, 2);
    }

    /// <summary>Reads an int32 [edges, 2] array back into an edge list.</summary>
    public static EdgeList ReadEdges(ModelBundle bundle, string name)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var data = bundle.Ints(name, -1, 2);
        var count = data.Length / 2;
        var users = new int[count];
        var items = new int[count];
        for (var e = 0; e < count; e++)
        {
            users[e] = data[2 * e];
            items[e] = data[(2 * e) + 1];
        }

        return new EdgeList(users, items);
    }

    /// <summary>Reads the data set stored in a bundle.</summary>
    public static InteractionDataset ReadDataset(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var m = bundle.Manifest;
        var users = new IdMap(bundle.Longs(BundleArrayNames.UserIds, m.Users));
        var items = new IdMap(bundle.Longs(BundleArrayNames.ItemIds, m.Items));
        var train = ReadEdges(bundle, BundleArrayNames.TrainEdges);
        var test = bundle.Has(BundleArrayNames.TestEdges) ? ReadEdges(bundle, BundleArrayNames.TestEdges) : EdgeList.Empty;
        try
        {
            return new InteractionDataset(string.IsNullOrEmpty(m.Dataset) ? "bundle" : m.Dataset, users, items, train, test,
                new DatasetLoadReport { SplitDescription = m.Notes.FirstOrDefault() ?? "from bundle" });
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException($"bundle edges do not fit its {m.Users} users and {m.Items} items: {e.Message}", e);
        }
    }

    /// <summary>Reads a trained backbone (data, hyper-parameters, E0, Ē) from a bundle.</summary>
    public static TrainedBackbone Read(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var m = bundle.Manifest;
        BackboneKind kind;
        try
        {
            kind = BackboneKinds.Parse(m.Model);
        }
        catch (ArgumentException e)
        {
            throw new BundleFormatException($"bundle names an unknown model '{m.Model}'", e);
        }

        double H(string key, double fallback) => m.Hyperparameters.TryGetValue(key, out var v) ? v : fallback;
        var defaults = new BackboneOptions();
        var options = new BackboneOptions
        {
            Dim = m.Dim,
            Layers = m.Layers,
            Reg = H(Keys.Reg, defaults.RegFor(kind)),
            ContrastiveWeight = H(Keys.ContrastiveWeight, defaults.ContrastiveWeight),
            Temperature = H(Keys.Temperature, defaults.Temperature),
            EdgeKeep = H(Keys.EdgeKeep, defaults.EdgeKeep),
            NoiseEpsilon = H(Keys.NoiseEpsilon, defaults.NoiseEpsilon),
        };
        var nodes = (long)m.Users + m.Items;
        return new TrainedBackbone
        {
            Kind = kind,
            Options = options,
            Dataset = ReadDataset(bundle),
            Ego = bundle.Floats(BundleArrayNames.Ego, nodes, m.Dim),
            Final = bundle.Floats(BundleArrayNames.Final, nodes, m.Dim),
            Manifest = m,
        };
    }

    /// <summary>The trainer options recorded in a bundle (for Retrain with the original's hyper-parameters).</summary>
    public static TrainerOptions ReadTrainerOptions(BundleManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var d = new TrainerOptions();
        double H(string key, double fallback) => manifest.Hyperparameters.TryGetValue(key, out var v) ? v : fallback;
        return d with
        {
            LearningRate = H(Keys.LearningRate, d.LearningRate),
            BatchSize = (int)H(Keys.Batch, d.BatchSize),
            Epochs = (int)H(Keys.Epochs, d.Epochs),
            Seed = (int)H(Keys.Seed, d.Seed),
            EvalEvery = (int)H(Keys.EvalEvery, d.EvalEvery),
            Patience = (int)H(Keys.Patience, d.Patience),
        };
    }
}
