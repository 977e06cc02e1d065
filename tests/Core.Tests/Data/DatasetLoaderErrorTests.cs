using UnlearnRec.Core.Data;
using UnlearnRec.Core.Tests.Support;

namespace UnlearnRec.Core.Tests.Data;

public sealed class DatasetLoaderErrorTests
{
    private const string GoodTrain = "user\titem\n1\t10\n2\t20\n";
    private const string GoodTest = "user\titem\n1\t20\n";

    private static DataFormatException LoadSplitExpectingError(string train, string test, string expectedFile, int expectedLine)
    {
        using var dir = new TempDirectory("bad");
        dir.Write("train.tsv", train);
        dir.Write("test.tsv", test);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        var path = Path.Combine(dir.Dir, expectedFile);
        Assert.Equal(path, ex.File);
        Assert.Equal(expectedLine, ex.Line);
        Assert.Contains($"{path}:{expectedLine}:", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    [Fact]
    public void Wrong_column_count_names_file_and_line()
    {
        var ex = LoadSplitExpectingError("user\titem\n1\t10\n2\t20\t5\n", GoodTest, "train.tsv", 3);
        Assert.Contains("expected 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("found 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Single_column_line_names_file_and_line()
    {
        var ex = LoadSplitExpectingError(GoodTrain, "user\titem\n1\t20\n2 20\n", "test.tsv", 3);
        Assert.Contains("found 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Trailing_tab_is_a_column_count_error()
    {
        LoadSplitExpectingError("user\titem\n1\t10\t\n", GoodTest, "train.tsv", 2);
    }

    [Fact]
    public void Non_integer_id_names_file_line_and_value()
    {
        var ex = LoadSplitExpectingError("user\titem\n1\t10\n2\tabc\n", GoodTest, "train.tsv", 3);
        Assert.Contains("'abc'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not an integer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_id_names_file_and_line()
    {
        var ex = LoadSplitExpectingError("user\titem\n-4\t10\n", GoodTest, "train.tsv", 2);
        Assert.Contains("negative user id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fractional_and_empty_ids_are_rejected()
    {
        LoadSplitExpectingError("user\titem\n1\t10.0\n", GoodTest, "train.tsv", 2);
        LoadSplitExpectingError("user\titem\n1\t10\n\t10\n", GoodTest, "train.tsv", 3);
        LoadSplitExpectingError("user\titem\n1\t99999999999999999999\n", GoodTest, "train.tsv", 2);
    }

    [Fact]
    public void Header_only_file_is_empty_and_names_file_and_line()
    {
        var ex = LoadSplitExpectingError(GoodTrain, "user\titem\n", "test.tsv", 2);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_byte_file_is_empty_and_names_file_and_line()
    {
        var ex = LoadSplitExpectingError("", GoodTest, "train.tsv", 1);
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_or_wrong_header_names_file_and_line()
    {
        var ex = LoadSplitExpectingError("1\t10\n2\t20\n", GoodTest, "train.tsv", 1);
        Assert.Contains("header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blank_line_inside_the_data_names_its_line()
    {
        LoadSplitExpectingError("user\titem\n1\t10\n\n2\t20\n", GoodTest, "train.tsv", 3);
    }

    [Fact]
    public void Unknown_test_user_names_test_file_line_and_user()
    {
        var ex = LoadSplitExpectingError(GoodTrain, "user\titem\n1\t20\n2\t10\n77\t10\n", "test.tsv", 4);
        Assert.Contains("user 77", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_test_user_after_dropped_pairs_still_gets_the_right_line()
    {
        // earlier test lines are dropped (unknown item, duplicate); the line number must not shift
        LoadSplitExpectingError(GoodTrain, "user\titem\n1\t999\n1\t20\n1\t20\n5\t10\n", "test.tsv", 5);
    }

    [Fact]
    public void Missing_test_file_is_named()
    {
        using var dir = new TempDirectory("no-test");
        dir.Write("train.tsv", GoodTrain);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Contains(Path.Combine(dir.Dir, "test.tsv"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_train_file_is_named()
    {
        using var dir = new TempDirectory("no-train");
        dir.Write("test.tsv.gz", GoodTest);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Contains(Path.Combine(dir.Dir, "train.tsv"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_and_gzipped_copies_of_one_split_are_ambiguous()
    {
        using var dir = new TempDirectory("both");
        dir.Write("train.tsv", GoodTrain);
        dir.Write("train.tsv.gz", GoodTrain);
        dir.Write("test.tsv", GoodTest);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Contains("ambiguous", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_gzip_is_reported_with_the_file()
    {
        using var dir = new TempDirectory("corrupt");
        var train = dir.Write("train.tsv.gz", "x");
        File.WriteAllBytes(train, [0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);
        dir.Write("test.tsv", GoodTest);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Equal(train, ex.File);
    }

    [Fact]
    public void Directory_without_data_and_missing_path_are_errors()
    {
        using var dir = new TempDirectory("nothing");
        Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Throws<DataFormatException>(() => DatasetLoader.Load(Path.Combine(dir.Dir, "absent")));
    }

    [Fact]
    public void Unparseable_rating_names_file_and_line()
    {
        using var dir = new TempDirectory("bad-rating");
        var path = dir.Write("ratings.tsv", "user\titem\trating\ttimestamp\n1\t2\t4\t100\n1\t3\tfive\t100\n");
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path));
        Assert.Contains($"{path}:3:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'five'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_timestamp_names_file_and_line()
    {
        using var dir = new TempDirectory("bad-ts");
        var path = dir.Write("u.data", "1\t2\t4\t100\n1\t3\t4\tnoon\n");
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path));
        Assert.Contains($"{path}:2:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dat_line_with_wrong_column_count_names_file_and_line()
    {
        using var dir = new TempDirectory("bad-dat");
        var path = dir.Write("ratings.dat", "1::2::4::100\n1::3::4\n");
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(dir.Dir));
        Assert.Contains($"{path}:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("expected 4", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_file_passed_as_ratings_file_is_explained()
    {
        using var dir = new TempDirectory("split-as-file");
        var path = dir.Write("train.tsv", GoodTrain);
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(path));
        Assert.Contains("split file", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("synthetic:users=10,colour=3", "unknown key 'colour'")]
    [InlineData("synthetic:users=ten", "must be an integer")]
    [InlineData("synthetic:users=10,users=11", "twice")]
    [InlineData("synthetic:users=10,interactions=20", "interactions must lie in")]
    [InlineData("synthetic:items=2", "items must be at least")]
    [InlineData("synthetic:users", "key=value")]
    public void Bad_synthetic_specs_are_rejected(string spec, string message)
    {
        var ex = Assert.Throws<DataFormatException>(() => DatasetLoader.Load(spec));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
