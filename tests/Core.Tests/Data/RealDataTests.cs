using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Tests.Support;

namespace UnlearnRec.Core.Tests.Data;

/// <summary>Loads the team's real data sets from <c>&lt;repo-root&gt;/../shared/data</c> (see its README for the counts).</summary>
public sealed class RealDataTests
{
    [Fact]
    public void Ml100k_raw_ratings_load_and_split_per_user()
    {
        var d = DatasetLoader.Load(SharedData.PathOf("ml-100k"));

        Assert.Equal("ml-100k", d.Name);
        Assert.Equal(943, d.UserCount);
        Assert.Equal(1682, d.ItemCount);
        Assert.Equal(100_000, d.Train.Count + d.Test.Count);
        Assert.Equal(100_000, d.Report.LinesRead);
        Assert.Equal(0, d.Report.RawDuplicatesDropped);
        Assert.Equal(1, d.Users.OriginalIds[0]); // GroupLens ids are 1-based, kept as source ids
        Assert.Equal(943, d.Users.OriginalIds[^1]);
        var train = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Train);
        var test = BipartiteGraph.Build(d.UserCount, d.ItemCount, d.Test);
        for (var u = 0; u < d.UserCount; u++)
        {
            var n = train.UserDegree(u) + test.UserDegree(u);
            Assert.Equal((int)Math.Round(0.2 * n, MidpointRounding.AwayFromZero), test.UserDegree(u));
            Assert.True(train.UserDegree(u) >= 1);
        }
    }

    [Fact]
    public void Ml1m_given_split_drops_test_items_unseen_in_train()
    {
        var d = DatasetLoader.Load(SharedData.PathOf("ml-1m"));

        Assert.Equal(6040, d.UserCount);
        Assert.Equal(3683, d.ItemCount); // items of the training split
        Assert.Equal(800_167, d.Train.Count);
        Assert.Equal(28, d.Report.TestUnknownItemsDropped);
        Assert.Equal(200_042 - 28, d.Test.Count);
        Assert.Equal(1_000_209, d.Report.LinesRead);
    }

    [Theory]
    [InlineData("gowalla", 29_858, 40_981, 810_128, 217_242)]
    [InlineData("yelp2018", 31_668, 38_048, 1_237_259, 324_147)]
    public void LightGcn_splits_load_with_the_published_counts(string name, int users, int items, int train, int test)
    {
        var d = DatasetLoader.Load(SharedData.PathOf(name));

        Assert.Equal(users, d.UserCount);
        Assert.Equal(items, d.ItemCount);
        Assert.Equal(train, d.Train.Count);
        Assert.Equal(test, d.Test.Count);
        Assert.Equal(0, d.Report.TrainDuplicatesDropped + d.Report.TestDuplicatesDropped + d.Report.TestUnknownItemsDropped);
        Assert.Equal(0, d.Users.OriginalIds[0]);
        Assert.Equal(users - 1, d.Users.OriginalIds[^1]); // ids 0..n-1 are contiguous, so dense index = source id
    }
}
