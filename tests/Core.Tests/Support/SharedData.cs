namespace UnlearnRec.Core.Tests.Support;

/// <summary>
/// Locates the team's shared data folder (<c>&lt;repo-root&gt;/../shared/data</c>) by walking up from the test
/// binaries, so the tests work from any worktree or clone that has <c>shared/</c> beside it.
/// </summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(Locate);

    /// <summary>Full path of a data set folder, e.g. <c>Path("ml-100k")</c>.</summary>
    public static string PathOf(string dataSet)
    {
        var path = Path.Combine(Root.Value, dataSet);
        Assert.True(Directory.Exists(path), $"shared data set folder '{path}' is missing");
        return path;
    }

    private static string Locate()
    {
        var tried = new List<string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            tried.Add(candidate);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail(
            "Could not find the shared data folder: expected <repo-root>/../shared/data (with the repository checked out "
            + "next to 'shared'). Looked in: " + string.Join(", ", tried));
        throw new InvalidOperationException("unreachable");
    }
}
