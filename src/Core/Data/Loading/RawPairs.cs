namespace UnlearnRec.Core.Data.Loading;

/// <summary>
/// (user, item) pairs as read from a file, still in the source's ids and in file order, with what the reader counted.
/// </summary>
internal sealed class RawPairs
{
    /// <summary>Creates the container; the lists are taken over.</summary>
    public RawPairs(string path, List<long> users, List<long> items, long dataLines, long zeroRatings, int firstDataLine)
    {
        Path = path;
        Users = users;
        Items = items;
        DataLines = dataLines;
        ZeroRatings = zeroRatings;
        FirstDataLine = firstDataLine;
    }

    /// <summary>The file the pairs came from (as given, for messages).</summary>
    public string Path { get; }

    /// <summary>Source user id of each pair.</summary>
    public List<long> Users { get; }

    /// <summary>Source item id of each pair.</summary>
    public List<long> Items { get; }

    /// <summary>Number of pairs.</summary>
    public int Count => Users.Count;

    /// <summary>Non-empty data lines read (header excluded).</summary>
    public long DataLines { get; }

    /// <summary>Rows skipped because their rating was 0 (raw ratings only).</summary>
    public long ZeroRatings { get; }

    /// <summary>
    /// 1-based line of pair 0. Readers keep one pair per data line and reject blank lines except at the very end, so
    /// pair e sits on line <c>FirstDataLine + e</c> whenever <see cref="ZeroRatings"/> is 0; this spares us a
    /// per-pair line array just to word an error message.
    /// </summary>
    public int FirstDataLine { get; }

    /// <summary>The 1-based source line of pair <paramref name="pair"/>; only valid when no row was skipped.</summary>
    public long LineOf(int pair) => ZeroRatings == 0 ? FirstDataLine + (long)pair : throw new InvalidOperationException("line numbers are not tracked once rows have been skipped");
}
