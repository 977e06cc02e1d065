namespace UnlearnRec.Core.Data.Loading;

/// <summary>Reads split files and raw rating files into <see cref="RawPairs"/>; all format checks live here.</summary>
internal static class InteractionFileReader
{
    /// <summary>The header every split file starts with.</summary>
    public const string SplitHeader = "user\titem";

    /// <summary>The header of a <c>ratings.tsv</c> file.</summary>
    public const string RatingsHeader = "user\titem\trating\ttimestamp";

    /// <summary>Reads a split file (<c>train.tsv</c>/<c>test.tsv</c>, optionally gzipped): header, then one pair per line.</summary>
    public static RawPairs ReadSplitFile(string path)
    {
        using var reader = Utf8LineReader.Open(path);
        if (!reader.TryReadLine(out var header))
        {
            throw new DataFormatException(path, 1, $"file is empty; expected the header '{Describe(SplitHeader)}' and one pair per line");
        }

        if (!FieldParser.HeaderEquals(header, "user\titem"u8))
        {
            throw new DataFormatException(path, 1, $"expected the header '{Describe(SplitHeader)}', found {FieldParser.Show(header)}");
        }

        var users = new List<long>(1 << 16);
        var items = new List<long>(1 << 16);
        Span<Range> fields = stackalloc Range[2];
        long blankLine = 0;
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty)
            {
                blankLine = blankLine == 0 ? reader.LineNumber : blankLine;
                continue;
            }

            var lineNumber = reader.LineNumber;
            RejectInnerBlank(path, blankLine);
            var count = FieldParser.Split(line, "\t"u8, fields);
            if (count != 2)
            {
                throw new DataFormatException(path, lineNumber, $"expected 2 tab-separated columns (user, item), found {count}");
            }

            users.Add(FieldParser.ParseId(line[fields[0]], path, lineNumber, "user"));
            items.Add(FieldParser.ParseId(line[fields[1]], path, lineNumber, "item"));
        }

        if (users.Count == 0)
        {
            throw new DataFormatException(path, 2, "no data lines after the header (the file is empty)");
        }

        return new RawPairs(path, users, items, users.Count, zeroRatings: 0, firstDataLine: 2);
    }

    /// <summary>
    /// Reads a raw explicit-ratings file. Rows rated 0 are skipped (binarisation: any non-zero rating is an
    /// interaction, 0 is not); the rating and timestamp columns are validated but not kept.
    /// </summary>
    public static RawPairs ReadRatings(string path, RatingsFormat format)
    {
        using var reader = Utf8LineReader.Open(path);
        var separator = format == RatingsFormat.Dat ? "::"u8 : "\t"u8;
        var layout = format == RatingsFormat.Dat ? "user::item::rating::timestamp" : "user, item, rating, timestamp separated by tabs";
        var firstDataLine = 1;
        if (format == RatingsFormat.Tsv)
        {
            firstDataLine = 2;
            if (!reader.TryReadLine(out var header))
            {
                throw new DataFormatException(path, 1, $"file is empty; expected the header '{Describe(RatingsHeader)}'");
            }

            if (FieldParser.HeaderEquals(header, "user\titem"u8))
            {
                throw new DataFormatException(path, 1, "this is a split file (header 'user<TAB>item'), not raw ratings; load the directory that holds train.tsv and test.tsv instead");
            }

            if (!FieldParser.HeaderEquals(header, "user\titem\trating\ttimestamp"u8))
            {
                throw new DataFormatException(path, 1, $"expected the header '{Describe(RatingsHeader)}', found {FieldParser.Show(header)}");
            }
        }

        var users = new List<long>(1 << 16);
        var items = new List<long>(1 << 16);
        Span<Range> fields = stackalloc Range[4];
        long blankLine = 0;
        long dataLines = 0;
        long zeroRatings = 0;
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty)
            {
                blankLine = blankLine == 0 ? reader.LineNumber : blankLine;
                continue;
            }

            var lineNumber = reader.LineNumber;
            RejectInnerBlank(path, blankLine);
            dataLines++;
            var count = FieldParser.Split(line, separator, fields);
            if (count != 4)
            {
                throw new DataFormatException(path, lineNumber, $"expected 4 columns ({layout}), found {count}");
            }

            var user = FieldParser.ParseId(line[fields[0]], path, lineNumber, "user");
            var item = FieldParser.ParseId(line[fields[1]], path, lineNumber, "item");
            var rating = FieldParser.ParseRating(line[fields[2]], path, lineNumber);
            FieldParser.ValidateTimestamp(line[fields[3]], path, lineNumber);
            if (rating == 0)
            {
                zeroRatings++;
                continue;
            }

            users.Add(user);
            items.Add(item);
        }

        if (dataLines == 0)
        {
            throw new DataFormatException(path, firstDataLine, "no data lines (the file is empty)");
        }

        if (users.Count == 0)
        {
            throw new DataFormatException(path, "every rating is 0, so there is no interaction at all");
        }

        return new RawPairs(path, users, items, dataLines, zeroRatings, firstDataLine);
    }

    private static void RejectInnerBlank(string path, long blankLine)
    {
        // Trailing blank lines are harmless (editors add them); a blank line followed by more data usually means a
        // concatenated or truncated file, so it is reported rather than skipped.
        if (blankLine != 0)
        {
            throw new DataFormatException(path, blankLine, "empty line in the middle of the data");
        }
    }

    private static string Describe(string header) => header.Replace("\t", "<TAB>", StringComparison.Ordinal);
}
