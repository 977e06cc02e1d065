using System.Text.Json.Nodes;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Influence;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Experiments;

/// <summary>The whole adversarial experiment on a small synthetic graph, with every baseline.</summary>
public sealed class ExperimentRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "unlearnrec-experiment-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void AdversarialExperimentForgetsTheInjectedEdgesAndWritesItsReport()
    {
        var data = DatasetLoader.Load("synthetic:users=300,items=250,interactions=6000,seed=5");
        var options = new ExperimentOptions
        {
            Trainer = new TrainerOptions { Epochs = 9, BatchSize = 1024, EvalEvery = 3, Patience = 2, Seed = 1 },
            Protocol = ExperimentProtocol.Adversarial,
            Ratio = 1.0,
            Seed = 1,
        };
        var methods = ExperimentMethods.CreateAll(
            ExperimentMethods.Plan(["partition", "influence-function", "residual-propagation"]),
            new ExperimentMethodOptions
            {
                Partition = new PartitionOptions { Shards = 3, Epochs = 6 },
                Encoder = new EncoderOptions { Epochs = 10, MaxBatchesPerEpoch = 10, BatchSize = 512, Seed = 1 },
                FineTune = new FineTuneOptions { Epochs = 2, BatchSize = 512, Seed = 1 },
            });
        var progress = new List<string>();

        var report = new ExperimentRunner(options, CPU, progress.Add).Run(data, methods);
        report.WriteTo(_dir);

        Assert.Equal(["original", "retrain", "unlearnrec-zero-shot", "unlearnrec", "partition", "influence-function", "residual-propagation"], report.Rows.Select(r => r.Method));
        var original = report.Rows[0];
        var retrain = report.Rows[1];
        Assert.Equal(300 + 250, report.PicksBeforeDedupe);
        Assert.InRange(report.RequestEdges, 300, 550);
        Assert.Equal(report.CleanEdges + report.RequestEdges, report.OriginalEdges);

        // the original model fits the injected edges; Retrain never saw them
        Assert.Equal(1.0, original.MiBf, 6);
        Assert.True(original.RequestScoreMean > original.NegativeScoreMean, "the original model should score its injected training edges above random non-edges");
        Assert.True(original.MiNgAttacker < 1, $"the attacker should rate the original's training edges above non-edges (attacker MI-NG {original.MiNgAttacker})");
        Assert.True(retrain.RequestScoreMean < retrain.PositiveScoreMean, "retrain: forgotten edges should score below training positives");
        Assert.True(retrain.RequestScoreMean < original.RequestScoreMean);
        Assert.True(retrain.MiBf > 1, $"retrain MI-BF {retrain.MiBf}");
        Assert.True(retrain.MiBfAttacker > 1, $"retrain attacker MI-BF {retrain.MiBfAttacker}");
        Assert.InRange(retrain.Recall, original.Recall - 0.15, original.Recall + 0.15);

        // UnlearnRec, zero-shot and fine-tuned: the injected edges lose their membership signal, utility holds
        foreach (var name in new[] { "unlearnrec-zero-shot", "unlearnrec" })
        {
            var row = report.Rows.Single(r => r.Method == name);
            Assert.True(row.RequestScoreMean < row.PositiveScoreMean, $"{name}: forgotten edges should score below training positives");
            Assert.True(row.RequestScoreMean < original.RequestScoreMean, $"{name}: forgotten edges should score lower than before");
            Assert.True(row.MiBf > 1, $"{name} MI-BF {row.MiBf}");
            Assert.InRange(row.Recall, retrain.Recall - 0.15, retrain.Recall + 0.15);
        }

        Assert.True(report.Rows.Single(r => r.Method == "unlearnrec-zero-shot").PrepareSeconds > 0, "pre-training is reported as preparation");

        // partition serves S·d wide embeddings and retrains only touched shards (r = 1 touches every user, so all)
        var partition = report.Rows.Single(r => r.Method == "partition");
        Assert.Equal(3 * 64, partition.Width);
        Assert.Equal(3, partition.Extra["shards_retrained"]);
        Assert.True(partition.PrepareSeconds > 0);
        Assert.True(partition.RequestScoreMean < partition.PositiveScoreMean);

        var influence = report.Rows.Single(r => r.Method == "influence-function");
        Assert.True(influence.RequestScoreMean < original.RequestScoreMean, "the influence-function step should lower the forgotten edges' scores");
        Assert.All(report.Rows, r => Assert.True(r.Seconds >= 0 && r.PeakRssMb > 0 && double.IsFinite(r.MiNg)));

        // files
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir, ExperimentReport.Files.Json)))!.AsObject();
        Assert.Equal("synthetic", json["dataset"]!.GetValue<string>());
        Assert.Equal("lightgcn", json["model"]!.GetValue<string>());
        Assert.Equal("adversarial", json["protocol"]!.GetValue<string>());
        var rows = json["rows"]!.AsArray();
        Assert.Equal(7, rows.Count);
        foreach (var key in new[] { "method", "recall@20", "ndcg@20", "mi_bf", "mi_ng", "seconds", "peak_rss_mb", "prepare_seconds", "mi_bf_attacker", "mi_ng_attacker" })
        {
            Assert.All(rows, r => Assert.NotNull(r![key]));
        }

        var markdown = File.ReadAllText(Path.Combine(_dir, ExperimentReport.Files.Markdown));
        Assert.Contains("| method | Recall@20 | NDCG@20 | MI-BF | MI-NG |", markdown, StringComparison.Ordinal);
        Assert.Contains("| influence-function |", markdown, StringComparison.Ordinal);
        var png = File.ReadAllBytes(Path.Combine(_dir, ExperimentReport.Files.Figure));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.InRange(png.Length, 4_000, 2_000_000);
        Assert.Contains(progress, p => p.StartsWith("retrain:", StringComparison.Ordinal));
    }

    [Fact]
    public void SequentialRandomExperimentReportsEveryStep()
    {
        var data = DatasetLoader.Load("synthetic:users=120,items=100,interactions=2500,seed=9");
        var options = new ExperimentOptions
        {
            Trainer = new TrainerOptions { Epochs = 3, BatchSize = 1024, EvalEvery = 3, Seed = 2 },
            Protocol = ExperimentProtocol.Random,
            Ratio = 0.05,
            Sequential = 3,
            Attacker = false,
            Seed = 2,
        };
        var methods = ExperimentMethods.CreateAll(["residual-propagation", "partition"], new ExperimentMethodOptions { Partition = new PartitionOptions { Shards = 4, Epochs = 3 } });

        var report = new ExperimentRunner(options, CPU).Run(data, methods);

        Assert.Equal(3, report.Steps.Count);
        Assert.Equal(report.RequestEdges, report.Steps[^1].RequestEdges);
        Assert.Equal(report.RequestEdges, report.Steps.Sum(s => s.IncrementEdges));
        Assert.True(report.Steps[0].RequestEdges < report.Steps[1].RequestEdges);
        Assert.All(report.Steps, s => Assert.Equal(["residual-propagation", "partition"], s.Rows.Select(r => r.Method)));
        Assert.All(report.Rows, r => Assert.True(double.IsNaN(r.MiBfAttacker)));
        var json = report.ToJson();
        Assert.Equal(3, json["steps"]!.AsArray().Count);
        Assert.Null(json["rows"]![0]!["mi_bf_attacker"]);
    }

    [Fact]
    public void FactoryPlansRetrainThenUnlearnRecThenTheBaselines()
    {
        Assert.Equal(["retrain", "unlearnrec-zero-shot", "unlearnrec", "partition", "influence-function"], ExperimentMethods.Plan(["partition", "retrain", "influence-function"]));
        Assert.All(ExperimentMethods.Known, b => Assert.Equal(b, ExperimentMethods.Create(b).Name));
        Assert.Contains("unknown method", Assert.Throws<ArgumentException>(() => ExperimentMethods.Create("nope")).Message, StringComparison.Ordinal);
    }
}
