namespace UnlearnRec.Integration.Tests.Infrastructure;

/// <summary>Locations in the repository the integration tests need.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root (the directory holding UnlearnRec.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Build configuration of this test run (Debug or Release), taken from the test assembly's path.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar).Contains("Release") ? "Release" : "Debug";

    /// <summary>The silo executable built alongside the tests.</summary>
    public static string SiloDll => Path.Combine(Root, "src", "Silo", "bin", Configuration, "net10.0", "UnlearnRec.Silo.dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "UnlearnRec.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("UnlearnRec.sln not found above " + AppContext.BaseDirectory);
    }
}
