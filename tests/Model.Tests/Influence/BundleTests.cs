using System.Globalization;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Influence;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Tests.Influence;

[Collection("Torch")]
public sealed class BundleTests : IDisposable
{
    private static readonly FineTuneOptions FineTune = new() { Epochs = 1, BatchSize = 512, MaxBatchesPerEpoch = 2 };
    private readonly TempDir _dir = new();

    [Fact]
    public void EncoderSurvivesASaveLoadRoundTrip()
    {
        var encoder = TinyModel.Encoder.State;
        var path = Path.Combine(_dir.Path, "b");
        InfluenceEncoderBundles.WithEncoder(TinyModel.Bundle(), encoder).Save(path);
        var loaded = ModelBundle.Load(path);
        Assert.True(InfluenceEncoderBundles.HasEncoder(loaded));
        var read = InfluenceEncoderBundles.ReadEncoder(loaded)!;
        Assert.Equal(encoder.H0, read.H0);
        Assert.Equal(encoder.Eta, read.Eta);
        Assert.Equal(encoder.Weights, read.Weights);
        Assert.Equal(encoder.Biases, read.Biases);
        Assert.Equal(encoder.Options, read.Options with { HoldoutRatio = encoder.Options.HoldoutRatio });
        Assert.Equal(encoder.Layers, read.Layers);
        Assert.Equal(encoder.PretrainSeconds, read.PretrainSeconds);
        var e = loaded.Manifest.Encoder!;
        foreach (var key in new[] { "alpha", "slope", "mlp_layers", "readout_last", "rho_pre", "lambda_u", "lambda_p", "lambda_c", "tau_p", "tau_c", "pretrain_seconds" })
        {
            Assert.True(e.ContainsKey(key), key);
        }

        Assert.Null(InfluenceEncoderBundles.ReadEncoder(TinyModel.Bundle()));
        Assert.Null(EncoderEgoCorrector.TryCreate(TinyModel.Bundle(), CPU));
    }

    [Fact]
    public void SequentialUnlearningAccumulatesInTheBundleAndExportsAuditableFiles()
    {
        var model = TinyModel.Model;
        var ds = model.Dataset;
        var path = Path.Combine(_dir.Path, "b");
        InfluenceEncoderBundles.WithEncoder(TinyModel.Bundle(), TinyModel.Encoder.State).Save(path);

        // request 1: two interactions from a file, in original ids
        var request = _dir.File("r.tsv", $"user\titem\n{Id(ds.Users, ds.Train.Users[0])}\t{Id(ds.Items, ds.Train.Items[0])}\n{Id(ds.Users, ds.Train.Users[10])}\t{Id(ds.Items, ds.Train.Items[10])}\n");
        var first = BundleUnlearning.Run(ModelBundle.Load(path), r => r.ReadFile(request), FineTune, CPU);
        Assert.Equal(2, first.RequestEdges);
        Assert.Equal(2, first.ForgottenEdges);
        first.Bundle.Save(path);

        // request 2: all of one item's interactions; the forgotten set accumulates
        var itemId = Id(ds.Items, ds.Train.Items[20]);
        var second = BundleUnlearning.Run(ModelBundle.Load(path), r => r.ForItem(itemId), FineTune, CPU);
        Assert.Equal(2 + second.RequestEdges, second.ForgottenEdges);
        second.Bundle.Save(path);
        var loaded = ModelBundle.Load(path);
        var forgotten = InfluenceEncoderBundles.ReadForgotten(loaded);
        Assert.Equal(second.ForgottenEdges, forgotten.Count);
        Assert.NotNull(InfluenceEncoderBundles.ReadTuned(loaded));
        Assert.True(loaded.Has(BundleArrayNames.UnlearnedEgo) && loaded.Has(BundleArrayNames.UnlearnedFinal));
        Assert.True(second.ZeroShot.Seconds > 0 && second.FineTune!.Seconds > 0);

        // forgetting the same interactions again is rejected with the file and line
        var again = Assert.Throws<DataFormatException>(() => BundleUnlearning.Run(loaded, r => r.ReadFile(request), FineTune, CPU));
        Assert.Contains("already forgotten", again.Message, StringComparison.Ordinal);
        Assert.Equal(2, again.Line);

        // export and parse back
        var export = Path.Combine(_dir.Path, "export");
        var (unlearned, count) = BundleExport.Write(loaded, export);
        Assert.True(unlearned);
        Assert.Equal(forgotten.Count, count);
        var final = loaded.Floats(BundleArrayNames.UnlearnedFinal, ds.UserCount + ds.ItemCount, model.Options.Dim);
        AssertRows(Path.Combine(export, "users.tsv"), ds.Users, final, 0, model.Options.Dim);
        AssertRows(Path.Combine(export, "items.tsv"), ds.Items, final, ds.UserCount, model.Options.Dim);
        var lines = File.ReadAllLines(Path.Combine(export, "forgotten.tsv"));
        Assert.Equal("user\titem", lines[0]);
        Assert.Equal(forgotten.Count + 1, lines.Length);
        var pairs = lines.Skip(1).Select(l => l.Split('\t')).Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture))).ToHashSet();
        var expected = Enumerable.Range(0, forgotten.Count).Select(e => (Id(ds.Users, forgotten.Users[e]), Id(ds.Items, forgotten.Items[e]))).ToHashSet();
        Assert.Equal(expected, pairs);
        // forgotten.tsv is a valid request file against the original graph
        var resolver = new UnlearningRequestResolver(ds.Users, ds.Items, TinyModel.Original);
        Assert.Equal(forgotten.ToKeySet(), resolver.ReadFile(Path.Combine(export, "forgotten.tsv")).ToKeySet());
    }

    [Fact]
    public void ExportWithoutUnlearningUsesTheOriginalEmbeddings()
    {
        var export = Path.Combine(_dir.Path, "export");
        var (unlearned, count) = BundleExport.Write(TinyModel.Bundle(), export);
        Assert.False(unlearned);
        Assert.Equal(0, count);
        var ds = TinyModel.Model.Dataset;
        AssertRows(Path.Combine(export, "users.tsv"), ds.Users, TinyModel.Model.Final, 0, TinyModel.Model.Options.Dim);
        Assert.Equal(["user\titem"], File.ReadAllLines(Path.Combine(export, "forgotten.tsv")));
    }

    public void Dispose() => _dir.Dispose();

    private static long Id(IdMap map, int index) => map.ToOriginal(index);

    private static void AssertRows(string path, IdMap ids, float[] final, int firstRow, int dim)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(ids.Count, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            Assert.Equal(dim + 1, fields.Length);
            Assert.Equal(ids.ToOriginal(i), long.Parse(fields[0], CultureInfo.InvariantCulture));
            for (var k = 0; k < dim; k++)
            {
                Assert.Equal(final[((firstRow + i) * dim) + k], float.Parse(fields[k + 1], CultureInfo.InvariantCulture));
            }
        }
    }
}
