using System.IO.Compression;
using System.Text;

namespace UnlearnRec.Core.Tests.Support;

/// <summary>A fresh directory under the system temp path, deleted (with its contents) on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory(string? name = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "unlearnrec-tests-" + Guid.NewGuid().ToString("N"));
        Dir = name is null ? Root : Path.Combine(Root, name);
        Directory.CreateDirectory(Dir);
    }

    /// <summary>The directory tests write into (a named sub-folder when a name was given, so the data set is named after it).</summary>
    public string Dir { get; }

    private string Root { get; }

    /// <summary>Writes a text file (no BOM); names ending in .gz are gzip-compressed.</summary>
    public string Write(string fileName, string content)
    {
        var path = Path.Combine(Dir, fileName);
        var bytes = new UTF8Encoding(false).GetBytes(content);
        if (fileName.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gz = new GZipStream(file, CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a leftover temp folder must not fail the test that used it
        }
    }
}
