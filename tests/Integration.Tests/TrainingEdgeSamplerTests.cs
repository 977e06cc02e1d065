using UnlearnRec.Client.Online;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Integration.Tests;

/// <summary>The load generator's request sources: a random sample and a replayed request file.</summary>
public sealed class TrainingEdgeSamplerTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "unlearnrec-request-" + Guid.NewGuid().ToString("N") + ".tsv");
    private readonly ModelBundle _bundle = UntrainedBundleFactory.Synthetic(new SyntheticBundleSpec { Users = 30, Items = 20, InteractionsPerUser = 4, Dim = 8 });

    public void Dispose() => File.Delete(_file);

    private List<(long User, long Item)> TrainingEdges()
    {
        var pairs = _bundle.Ints(BundleArrayNames.TrainEdges);
        var users = _bundle.Longs(BundleArrayNames.UserIds);
        var items = _bundle.Longs(BundleArrayNames.ItemIds);
        return Enumerable.Range(0, pairs.Length / 2).Select(k => (users[pairs[2 * k]], items[pairs[(2 * k) + 1]])).ToList();
    }

    [Fact]
    public void RequestFileIsReplayedInFileOrderWithOriginalIds()
    {
        var edges = TrainingEdges();
        var chosen = new[] { edges[7], edges[2], edges[11] };
        File.WriteAllLines(_file, ["user\titem", .. chosen.Select(e => $"{e.User}\t{e.Item}")]);

        var read = TrainingEdgeSampler.ReadRequestFile(_bundle, _file);

        Assert.Equal(chosen, read);
    }

    [Fact]
    public void RequestFileWithAnInteractionOutsideTheGraphNamesTheLine()
    {
        var edges = TrainingEdges();
        var known = edges.ToHashSet();
        var user = edges[0].User;
        var missing = _bundle.Longs(BundleArrayNames.ItemIds).First(i => !known.Contains((user, i)));
        File.WriteAllLines(_file, [$"{edges[0].User}\t{edges[0].Item}", $"{user}\t{missing}"]);

        var error = Assert.Throws<DataFormatException>(() => TrainingEdgeSampler.ReadRequestFile(_bundle, _file));

        Assert.Equal(2, error.Line);
        Assert.Contains(_file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleDrawsDistinctTrainingInteractions()
    {
        var sample = TrainingEdgeSampler.Sample(_bundle, 25, seed: 3);

        Assert.Equal(25, sample.Count);
        Assert.Equal(25, sample.Distinct().Count());
        Assert.Subset(TrainingEdges().ToHashSet(), sample.ToHashSet());
    }
}
