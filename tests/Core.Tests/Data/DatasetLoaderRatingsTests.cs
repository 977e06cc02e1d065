using System.Text;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Tests.Support;

namespace UnlearnRec.Core.Tests.Data;

public sealed class DatasetLoaderRatingsTests
{
    /// <summary>
    /// Users with 1, 2, 3, 5, 7, 8 and 10 distinct rated items (user id = 100 + that count), items 1..n; in
    /// MovieLens <c>.dat</c> layout unless a separator is given.
    /// </summary>
    private static string Ratings(string separator = "::", string header = "")
    {
        var sb = new StringBuilder(header);
        foreach (var n in new[] { 1, 2, 3, 5, 7, 8, 10 })
        {
            for (var i = 1; i <= n; i++)
            {
                sb.Append(100 + n).Append(separator).Append(i).Append(separator).Append(1 + (i % 5)).Append(separator).Append(978300760 + i).Append('\n');
            }
        }

        return sb.ToString();
    }

    private static Dictionary<long, (int Train, int Test)> CountsPerUser(InteractionDataset d)
    {
        var counts = new Dictionary<long, (int Train, int Test)>();
        foreach (var u in d.Train.Users)
        {
            var id = d.Users.ToOriginal(u);
            counts[id] = (counts.GetValueOrDefault(id).Train + 1, counts.GetValueOrDefault(id).Test);
        }

        foreach (var u in d.Test.Users)
        {
            var id = d.Users.ToOriginal(u);
            counts[id] = (counts.GetValueOrDefault(id).Train, counts.GetValueOrDefault(id).Test + 1);
        }

        return counts;
    }

    [Fact]
    public void Dat_ratings_are_binarised_and_split_per_user_with_at_least_one_training_item()
    {
        using var dir = new TempDirectory("ml-dat");
        dir.Write("ratings.dat", Ratings());

        var d = DatasetLoader.Load(dir.Dir);

        Assert.Equal("ml-dat", d.Name);
        Assert.Equal(7, d.UserCount);
        Assert.Equal(10, d.ItemCount);
        Assert.Equal(36, d.Train.Count + d.Test.Count);
        Assert.Equal(36, d.Report.LinesRead);
        var counts = CountsPerUser(d);
        // test share = round(0.2 n) half away from zero, capped at n - 1
        Assert.Equal((1, 0), counts[101]);
        Assert.Equal((2, 0), counts[102]); // 0.4 → 0
        Assert.Equal((2, 1), counts[103]); // 0.6 → 1
        Assert.Equal((4, 1), counts[105]); // 1.0
        Assert.Equal((6, 1), counts[107]); // 1.4 → 1
        Assert.Equal((6, 2), counts[108]); // 1.6 → 2
        Assert.Equal((8, 2), counts[110]);
        Assert.Contains("seed 42", d.Report.SplitDescription, StringComparison.Ordinal);
        Assert.Contains(d.Report.Notes, n => n.Contains("binarised", StringComparison.Ordinal));
        Assert.Empty(d.Test.ToKeySet().Intersect(d.Train.ToKeySet()));
    }

    [Fact]
    public void Zero_ratings_are_dropped_and_repeated_ratings_merged()
    {
        using var dir = new TempDirectory("zeros");
        var path = dir.Write("u.data", "1\t1\t5\t10\n1\t2\t0\t10\n1\t3\t3.5\t10\n1\t1\t4\t11\n2\t1\t1\t12\n3\t9\t0\t13\n");

        var d = DatasetLoader.Load(path);

        Assert.Equal("u", d.Name);
        Assert.Equal(2, d.Report.ZeroRatingsDropped);
        Assert.Equal(1, d.Report.RawDuplicatesDropped);
        Assert.Equal(new long[] { 1, 2 }, d.Users.OriginalIds); // user 3 only rated 0: no interaction
        Assert.Equal(new long[] { 1, 3 }, d.Items.OriginalIds);
        Assert.Equal(3, d.Train.Count + d.Test.Count);
        Assert.Equal(6, d.Report.LinesRead);
    }

    [Fact]
    public void Udata_in_a_directory_and_gzipped_tsv_with_header_give_the_same_data_as_dat()
    {
        using var dat = new TempDirectory("dat");
        dat.Write("ratings.dat", Ratings());
        using var udata = new TempDirectory("udata");
        udata.Write("u.data", Ratings("\t"));
        using var tsv = new TempDirectory("tsv");
        var tsvPath = tsv.Write("ratings.tsv.gz", Ratings("\t", "user\titem\trating\ttimestamp\n"));

        var a = DatasetLoader.Load(dat.Dir);
        var b = DatasetLoader.Load(udata.Dir);
        var c = DatasetLoader.Load(tsvPath);

        Assert.Equal("ratings", c.Name);
        Assert.Equal(DatasetLoader.Fingerprint(a), DatasetLoader.Fingerprint(b));
        Assert.Equal(DatasetLoader.Fingerprint(a), DatasetLoader.Fingerprint(c));
        Assert.Equal(a.Report.LinesRead, c.Report.LinesRead);
    }

    [Fact]
    public void Split_is_deterministic_for_a_seed_independent_of_line_order_and_changes_with_the_seed()
    {
        var lines = Ratings().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var a = new TempDirectory("a");
        a.Write("ratings.dat", string.Join('\n', lines));
        using var b = new TempDirectory("b");
        b.Write("ratings.dat", string.Join('\n', lines.Reverse()));

        var fa = DatasetLoader.Fingerprint(DatasetLoader.Load(a.Dir));
        var faAgain = DatasetLoader.Fingerprint(DatasetLoader.Load(a.Dir, new DatasetLoadOptions { Seed = 42 }));
        var fb = DatasetLoader.Fingerprint(DatasetLoader.Load(b.Dir));
        var other = DatasetLoader.Fingerprint(DatasetLoader.Load(a.Dir, new DatasetLoadOptions { Seed = 43 }));

        Assert.Equal(fa, faAgain);
        Assert.Equal(fa, fb);
        Assert.NotEqual(fa, other);
    }

    [Fact]
    public void Test_fraction_option_is_honoured()
    {
        using var dir = new TempDirectory("fraction");
        dir.Write("ratings.dat", Ratings());

        var d = DatasetLoader.Load(dir.Dir, new DatasetLoadOptions { TestFraction = 0.5 });

        var counts = CountsPerUser(d);
        Assert.Equal((5, 5), counts[110]);
        Assert.Equal((1, 1), counts[102]); // 0.5 × 2 = 1
        Assert.Equal((2, 3), counts[105]); // 2.5 rounds away from zero (banker's rounding would give 2)
        Assert.Equal((1, 0), counts[101]);
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetLoader.Load(dir.Dir, new DatasetLoadOptions { TestFraction = 1 }));
    }
}
