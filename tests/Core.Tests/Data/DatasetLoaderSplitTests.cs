using UnlearnRec.Core.Data;
using UnlearnRec.Core.Tests.Support;

namespace UnlearnRec.Core.Tests.Data;

public sealed class DatasetLoaderSplitTests
{
    private const string Train = "user\titem\n10\t200\n5\t100\n10\t100\n7\t300\n";
    private const string Test = "user\titem\n5\t200\n10\t300\n7\t100\n";

    [Fact]
    public void Split_directory_is_loaded_with_ids_remapped_densely_in_ascending_order()
    {
        using var dir = new TempDirectory("tiny-split");
        dir.Write("train.tsv", Train);
        dir.Write("test.tsv", Test);

        var d = DatasetLoader.Load(dir.Dir);

        Assert.Equal("tiny-split", d.Name);
        Assert.Equal(new long[] { 5, 7, 10 }, d.Users.OriginalIds);
        Assert.Equal(new long[] { 100, 200, 300 }, d.Items.OriginalIds);
        // train in file order, dense: (10,200) (5,100) (10,100) (7,300)
        Assert.Equal(new[] { 2, 0, 2, 1 }, d.Train.Users);
        Assert.Equal(new[] { 1, 0, 0, 2 }, d.Train.Items);
        Assert.Equal(new[] { 0, 2, 1 }, d.Test.Users);
        Assert.Equal(new[] { 1, 2, 0 }, d.Test.Items);
        Assert.Equal(7, d.Report.LinesRead);
        Assert.Equal(0, d.Report.TrainDuplicatesDropped);
        Assert.Equal(0, d.Report.TestDuplicatesDropped);
        Assert.StartsWith("given split", d.Report.SplitDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Id_maps_round_trip_between_source_ids_and_dense_indices()
    {
        using var dir = new TempDirectory("maps");
        dir.Write("train.tsv", "user\titem\n900\t5\n3\t70000000000\n41\t5\n3\t12\n");
        dir.Write("test.tsv", "user\titem\n41\t12\n");

        var d = DatasetLoader.Load(dir.Dir);

        var rawTrain = new (long U, long I)[] { (900, 5), (3, 70_000_000_000), (41, 5), (3, 12) };
        for (var e = 0; e < d.Train.Count; e++)
        {
            Assert.Equal(rawTrain[e], (d.Users.ToOriginal(d.Train.Users[e]), d.Items.ToOriginal(d.Train.Items[e])));
        }

        for (var i = 0; i < d.UserCount; i++)
        {
            Assert.True(d.Users.TryGetIndex(d.Users.ToOriginal(i), out var back));
            Assert.Equal(i, back);
        }

        for (var i = 0; i < d.ItemCount; i++)
        {
            Assert.True(d.Items.TryGetIndex(d.Items.ToOriginal(i), out var back));
            Assert.Equal(i, back);
        }

        Assert.False(d.Users.TryGetIndex(4, out _));
        Assert.Equal(new long[] { 3, 41, 900 }, d.Users.OriginalIds);
        Assert.Equal(new long[] { 5, 12, 70_000_000_000 }, d.Items.OriginalIds);
    }

    [Fact]
    public void Gzipped_split_files_load_to_the_same_data_as_plain_ones()
    {
        using var plain = new TempDirectory("plain");
        plain.Write("train.tsv", Train);
        plain.Write("test.tsv", Test);
        using var gz = new TempDirectory("gz");
        gz.Write("train.tsv.gz", Train);
        gz.Write("test.tsv.gz", Test);
        using var mixed = new TempDirectory("mixed");
        mixed.Write("train.tsv.gz", Train);
        mixed.Write("test.tsv", Test);

        var a = DatasetLoader.Load(plain.Dir);
        var b = DatasetLoader.Load(gz.Dir);
        var c = DatasetLoader.Load(mixed.Dir);

        Assert.Equal(a.Train.Users, b.Train.Users);
        Assert.Equal(a.Train.Items, b.Train.Items);
        Assert.Equal(a.Test.Items, b.Test.Items);
        Assert.Equal(DatasetLoader.Fingerprint(a), DatasetLoader.Fingerprint(b));
        Assert.Equal(DatasetLoader.Fingerprint(a), DatasetLoader.Fingerprint(c));
        Assert.Equal("gz", b.Name);
    }

    [Fact]
    public void Crlf_line_ends_and_trailing_blank_lines_are_accepted()
    {
        using var dir = new TempDirectory("crlf");
        dir.Write("train.tsv", Train.Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n");
        dir.Write("test.tsv", Test.TrimEnd('\n') /* no final newline */);

        var d = DatasetLoader.Load(dir.Dir);

        Assert.Equal(4, d.Train.Count);
        Assert.Equal(3, d.Test.Count);
        Assert.Equal(7, d.Report.LinesRead);
    }

    [Fact]
    public void Duplicates_within_a_split_and_test_pairs_already_in_train_are_dropped_and_counted()
    {
        using var dir = new TempDirectory("dups");
        dir.Write("train.tsv", "user\titem\n1\t1\n1\t2\n1\t1\n2\t1\n2\t1\n2\t3\n");
        dir.Write("test.tsv", "user\titem\n1\t3\n1\t3\n2\t1\n2\t2\n");

        var d = DatasetLoader.Load(dir.Dir);

        Assert.Equal(2, d.Report.TrainDuplicatesDropped);
        Assert.Equal(2, d.Report.TestDuplicatesDropped); // one repeat of (1,3), one (2,1) already in train
        Assert.Equal(0, d.Report.TestUnknownItemsDropped);
        Assert.Equal(4, d.Train.Count);
        Assert.Equal(2, d.Test.Count);
        var trainKeys = d.Train.ToKeySet();
        Assert.Equal(4, trainKeys.Count);
        Assert.DoesNotContain(d.Test.ToKeySet(), trainKeys.Contains);
    }

    [Fact]
    public void Test_pairs_with_items_unseen_in_train_are_dropped_and_counted()
    {
        using var dir = new TempDirectory("unknown-item");
        dir.Write("train.tsv", Train); // items 100, 200, 300
        dir.Write("test.tsv", "user\titem\n5\t200\n5\t999\n7\t998\n");

        var d = DatasetLoader.Load(dir.Dir);

        Assert.Equal(2, d.Report.TestUnknownItemsDropped);
        Assert.Equal(1, d.Test.Count);
        Assert.Equal(3, d.ItemCount); // unseen items get no index
        Assert.Contains(d.Report.Notes, n => n.Contains("2 test pairs dropped", StringComparison.Ordinal));
    }

    [Fact]
    public void Fingerprint_ignores_line_order_but_not_which_split_a_pair_is_in()
    {
        using var a = new TempDirectory("a");
        a.Write("train.tsv", Train);
        a.Write("test.tsv", Test);
        using var b = new TempDirectory("b");
        b.Write("train.tsv", "user\titem\n7\t300\n10\t100\n5\t100\n10\t200\n");
        b.Write("test.tsv", "user\titem\n7\t100\n10\t300\n5\t200\n");
        using var c = new TempDirectory("c");
        c.Write("train.tsv", "user\titem\n10\t200\n5\t100\n10\t100\n7\t300\n7\t100\n");
        c.Write("test.tsv", "user\titem\n5\t200\n10\t300\n");

        var fa = DatasetLoader.Fingerprint(DatasetLoader.Load(a.Dir));
        var fb = DatasetLoader.Fingerprint(DatasetLoader.Load(b.Dir));
        var fc = DatasetLoader.Fingerprint(DatasetLoader.Load(c.Dir));

        Assert.Equal(fa, fb);
        Assert.NotEqual(fa, fc);
        Assert.Matches("^[0-9a-f]{64}$", fa);
    }
}
