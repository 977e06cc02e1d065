using System.Globalization;
using System.IO.Compression;
using UnlearnRec.Core.Data;

namespace UnlearnRec.Client.Online.Demo;

/// <summary>
/// Minimal reader of a split directory's <c>train.tsv</c> / <c>train.tsv.gz</c> (header <c>user&lt;TAB&gt;item</c>) for the
/// demo's <c>--data</c>. The offline data loader supersedes it once the demo is wired to the real trainers.
/// </summary>
public static class TrainSplitReader
{
    /// <summary>Reads the training interactions of <paramref name="directory"/>.</summary>
    public static InteractionDataset Read(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var plain = Path.Combine(directory, "train.tsv");
        var gzip = plain + ".gz";
        var path = File.Exists(plain) ? plain : File.Exists(gzip) ? gzip : throw new DataFormatException(directory, "no train.tsv or train.tsv.gz in this directory");
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var pairs = new List<(long User, long Item)>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.StartsWith("user", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var parts = line.Split('\t');
            if (parts.Length < 2
                || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
                || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var item))
            {
                throw new DataFormatException(path, lineNumber, "expected 'user<TAB>item'");
            }

            pairs.Add((user, item));
        }

        var users = new IdMap(pairs.Select(p => p.User).Distinct().Order().ToArray());
        var items = new IdMap(pairs.Select(p => p.Item).Distinct().Order().ToArray());
        var u = new int[pairs.Count];
        var v = new int[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            users.TryGetIndex(pairs[i].User, out u[i]);
            items.TryGetIndex(pairs[i].Item, out v[i]);
        }

        return new InteractionDataset(Path.GetFileName(Path.GetFullPath(directory).TrimEnd(Path.DirectorySeparatorChar)), users, items, new EdgeList(u, v), EdgeList.Empty);
    }
}
