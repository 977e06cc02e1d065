using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Unlearning;

namespace UnlearnRec.Model.Tests.Influence;

public sealed class RequestResolverTests : IDisposable
{
    // users 100, 200, 300 → 0, 1, 2; items 10, 20, 30, 40 → 0, 1, 2, 3
    private static readonly IdMap Users = new([100, 200, 300]);
    private static readonly IdMap Items = new([10, 20, 30, 40]);
    private static readonly BipartiteGraph Original = BipartiteGraph.Build(3, 4, new EdgeList([0, 0, 1, 1, 2], [0, 1, 1, 2, 3]));
    private static readonly EdgeList Forgotten = new([2], [3]);
    private static readonly BipartiteGraph Current = BipartiteGraph.Build(3, 4, new EdgeList([0, 0, 1, 1], [0, 1, 1, 2]));

    private readonly TempDir _dir = new();
    private readonly UnlearningRequestResolver _resolver = new(Users, Items, Current, Forgotten);

    [Fact]
    public void FileWithHeaderResolvesToDenseEdgesAndMergesDuplicates()
    {
        var path = _dir.File("r.tsv", "user\titem\n100\t20\n\n# a comment\n200\t30\r\n100\t20\n");
        var edges = _resolver.ReadFile(path);
        Assert.Equal(2, edges.Count);
        Assert.Equal([0, 1], edges.Users);
        Assert.Equal([1, 2], edges.Items);
    }

    [Fact]
    public void FileWithoutHeaderIsAccepted()
    {
        var edges = _resolver.ReadFile(_dir.File("r.tsv", "200\t20\n"));
        Assert.Equal(1, edges.Count);
    }

    [Theory]
    [InlineData("user\titem\n100\t20\n999\t20\n", 3, "unknown user 999")]
    [InlineData("100\t20\n100\t99\n", 2, "unknown item 99")]
    [InlineData("100\t20\n200\t10\n", 2, "not in the training graph")]
    [InlineData("300\t40\n", 1, "already forgotten")]
    [InlineData("100\t20\n100\t20\t1\n", 2, "expected 2 tab-separated fields")]
    [InlineData("100 20\n", 1, "separated by a TAB")]
    [InlineData("100\tabc\n", 1, "item id 'abc' is not an integer")]
    [InlineData("x1\t20\n", 1, "user id 'x1' is not an integer")]
    public void MalformedOrUnknownLinesAreReportedWithFileAndLine(string content, int line, string message)
    {
        var path = _dir.File("bad.tsv", content);
        var e = Assert.Throws<DataFormatException>(() => _resolver.ReadFile(path));
        Assert.Equal(line, e.Line);
        Assert.Equal(path, e.File);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{path}:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyOrMissingFilesAreErrors()
    {
        Assert.Contains("no interactions", Assert.Throws<DataFormatException>(() => _resolver.ReadFile(_dir.File("empty.tsv", "user\titem\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<DataFormatException>(() => _resolver.ReadFile(Path.Combine(_dir.Path, "missing.tsv"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAndItemRequestsTakeEveryRemainingInteraction()
    {
        var user = _resolver.ForUser(100);
        Assert.Equal([0, 0], user.Users);
        Assert.Equal([0, 1], user.Items);
        var item = _resolver.ForItem(20);
        Assert.Equal([0, 1], item.Users);
        Assert.Equal([1, 1], item.Items);
    }

    [Fact]
    public void UnknownOrExhaustedUsersAndItemsAreClearErrors()
    {
        Assert.Contains("unknown user 5", Assert.Throws<UnlearningRequestException>(() => _resolver.ForUser(5)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown item 5", Assert.Throws<UnlearningRequestException>(() => _resolver.ForItem(5)).Message, StringComparison.Ordinal);
        // user 300's only interaction was forgotten already
        Assert.Contains("no interactions left", Assert.Throws<UnlearningRequestException>(() => _resolver.ForUser(300)).Message, StringComparison.Ordinal);
        Assert.Contains("no interactions left", Assert.Throws<UnlearningRequestException>(() => _resolver.ForItem(40)).Message, StringComparison.Ordinal);
        Assert.Contains("not in the training graph", Assert.Throws<UnlearningRequestException>(() => _resolver.ForInteractions(100, [30])).Message, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
