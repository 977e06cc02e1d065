using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UnlearnRec.Core.Common;
using UnlearnRec.Core.Data.Loading;

namespace UnlearnRec.Core.Data;

/// <summary>
/// Loads an <see cref="InteractionDataset"/> from a split directory, a raw ratings file or a synthetic spec, and
/// fingerprints data sets.
/// </summary>
public static class DatasetLoader
{
    private static readonly (string File, RatingsFormat Format)[] RatingsFiles =
    [
        ("ratings.tsv", RatingsFormat.Tsv), ("ratings.tsv.gz", RatingsFormat.Tsv),
        ("ratings.dat", RatingsFormat.Dat), ("ratings.dat.gz", RatingsFormat.Dat),
        ("u.data", RatingsFormat.UData), ("u.data.gz", RatingsFormat.UData),
    ];

    /// <summary>
    /// Loads a data set. <paramref name="spec"/> is one of:
    /// <list type="bullet">
    /// <item><b>A split directory</b> holding <c>train.tsv</c> and <c>test.tsv</c> (each may be gzipped as
    /// <c>*.tsv.gz</c>; the <c>.gz</c> extension selects decompression), each with the header
    /// <c>user&lt;TAB&gt;item</c> and one pair of non-negative integer ids per line. The split is used as given.
    /// A test user absent from train is an error; a test pair whose item is absent from train is dropped and counted
    /// in <see cref="DatasetLoadReport.TestUnknownItemsDropped"/> (such an item has no trained embedding, so it
    /// cannot be scored meaningfully).</item>
    /// <item><b>Raw explicit ratings</b>: a directory with exactly one of <c>ratings.tsv[.gz]</c> (header
    /// <c>user&lt;TAB&gt;item&lt;TAB&gt;rating&lt;TAB&gt;timestamp</c>), <c>ratings.dat[.gz]</c> (MovieLens
    /// <c>user::item::rating::timestamp</c>, no header) or <c>u.data[.gz]</c> (tab-separated
    /// <c>user item rating timestamp</c>, no header), or such a file itself (the format follows the extension:
    /// <c>.tsv</c>, <c>.dat</c>, <c>.data</c>). Ratings are binarised: every non-zero rating is one interaction,
    /// rows rated 0 are dropped; repeated (user, item) rows are merged. Then each user's interactions are split at
    /// random (<see cref="DatasetLoadOptions.Seed"/>, <see cref="DatasetLoadOptions.TestFraction"/>): round(fraction × n)
    /// go to test, but every user keeps at least one training interaction.</item>
    /// <item><b><c>synthetic:users=U,items=I,interactions=N,seed=S,clusters=C</c></b> (every key optional; defaults
    /// 1000, 800, 20000, 7, 10; other keys are errors): a deterministic power-law graph with latent taste clusters,
    /// every user having at least 3 interactions, split per user like raw ratings with the spec's seed.
    /// Named "synthetic". The bare word <c>synthetic</c> always means the generator; write <c>./synthetic</c> for a
    /// folder of that name.</item>
    /// </list>
    /// Users and items are renumbered densely in <b>ascending order of their source ids</b>, so the numbering
    /// depends only on which ids occur (in train, for a given split), never on line order. The data set is named
    /// after the directory, or after the file name without extensions (<c>ratings.tsv.gz</c> → "ratings").
    /// Duplicate pairs inside a split, and test pairs that are also training pairs, are dropped and counted in the
    /// report. Lines may end in <c>\n</c> or <c>\r\n</c>; blank lines are allowed only at the end of a file.
    /// </summary>
    /// <param name="spec">Directory, file or synthetic spec.</param>
    /// <param name="options">Split options for raw ratings and synthetic data; defaults when null.</param>
    /// <exception cref="DataFormatException">
    /// Missing, empty (header only) or malformed input; the message names the file and, for line-level problems,
    /// the 1-based line: wrong column count, non-integer or negative id, unparseable rating or timestamp, bad header,
    /// missing train or test file, unknown test user, bad synthetic spec.
    /// </exception>
    public static InteractionDataset Load(string spec, DatasetLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        options ??= new DatasetLoadOptions();
        if (!(options.TestFraction >= 0 && options.TestFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TestFraction, "TestFraction must lie in [0, 1)");
        }

        if (SyntheticSpec.Matches(spec))
        {
            return SyntheticDatasetGenerator.Generate(SyntheticSpec.Parse(spec), options.TestFraction);
        }

        if (Directory.Exists(spec))
        {
            return LoadDirectory(spec, options);
        }

        if (File.Exists(spec))
        {
            return LoadRatings(spec, FormatOf(spec), FileStem(spec), options);
        }

        throw new DataFormatException(spec, "no such file or directory (expected a split directory, a ratings file or 'synthetic:…')");
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of the training and test pairs in the <b>source</b> ids. Each split is hashed as a
    /// sorted multiset, so the same data gives the same fingerprint whatever the line order, the dense numbering or
    /// the data set's name; moving a pair between train and test changes it.
    /// </summary>
    public static string Fingerprint(InteractionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("unlearnrec-dataset-fingerprint-v1\n"u8);
        AppendSplit(hash, "train\n"u8, dataset.Train, dataset);
        AppendSplit(hash, "test\n"u8, dataset.Test, dataset);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static InteractionDataset LoadDirectory(string directory, DatasetLoadOptions options)
    {
        var name = DirectoryName(directory);
        var train = FindSplitFile(directory, "train");
        var test = FindSplitFile(directory, "test");
        if (train is not null || test is not null)
        {
            if (train is null)
            {
                throw new DataFormatException(Path.Combine(directory, "train.tsv"), "missing: a split directory needs train.tsv (or train.tsv.gz) next to " + Path.GetFileName(test));
            }

            if (test is null)
            {
                throw new DataFormatException(Path.Combine(directory, "test.tsv"), "missing: a split directory needs test.tsv (or test.tsv.gz) next to " + Path.GetFileName(train));
            }

            return LoadSplit(name, train, test);
        }

        var found = RatingsFiles.Where(r => File.Exists(Path.Combine(directory, r.File))).ToArray();
        return found.Length switch
        {
            1 => LoadRatings(Path.Combine(directory, found[0].File), found[0].Format, name, options),
            0 => throw new DataFormatException(directory, "no data found: expected train.tsv + test.tsv (optionally .gz), or one of " + string.Join(", ", RatingsFiles.Select(r => r.File))),
            _ => throw new DataFormatException(directory, "ambiguous: several ratings files (" + string.Join(", ", found.Select(r => r.File)) + "); keep one or pass the file itself"),
        };
    }

    private static string? FindSplitFile(string directory, string split)
    {
        var plain = Path.Combine(directory, split + ".tsv");
        var gz = plain + ".gz";
        var hasPlain = File.Exists(plain);
        var hasGz = File.Exists(gz);
        if (hasPlain && hasGz)
        {
            throw new DataFormatException(plain, $"ambiguous: both {split}.tsv and {split}.tsv.gz exist; keep one");
        }

        return hasPlain ? plain : hasGz ? gz : null;
    }

    private static InteractionDataset LoadSplit(string name, string trainPath, string testPath)
    {
        var rawTrain = InteractionFileReader.ReadSplitFile(trainPath);
        var rawTest = InteractionFileReader.ReadSplitFile(testPath);
        var users = DenseIdMapper.Build(CollectionsMarshal.AsSpan(rawTrain.Users));
        var items = DenseIdMapper.Build(CollectionsMarshal.AsSpan(rawTrain.Items));

        var (train, trainDuplicates) = MapAndDeduplicate(rawTrain, users, items);

        var testUsers = new int[rawTest.Count];
        var testItems = new int[rawTest.Count];
        var mapped = 0;
        long unknownItems = 0;
        var rawTestUsers = CollectionsMarshal.AsSpan(rawTest.Users);
        var rawTestItems = CollectionsMarshal.AsSpan(rawTest.Items);
        for (var e = 0; e < rawTestUsers.Length; e++)
        {
            var u = users.IndexOf(rawTestUsers[e]);
            if (u < 0)
            {
                throw new DataFormatException(testPath, rawTest.LineOf(e), $"user {rawTestUsers[e]} does not occur in the training split {trainPath}; every test user needs training interactions");
            }

            var v = items.IndexOf(rawTestItems[e]);
            if (v < 0)
            {
                unknownItems++;
                continue;
            }

            testUsers[mapped] = u;
            testItems[mapped++] = v;
        }

        // repeats within test and pairs already in train both count as test duplicates
        var keep = PairDeduplicator.Keep(testUsers.AsSpan(0, mapped), testItems.AsSpan(0, mapped), users.Count, items.Count, train, out var kept);
        long testDuplicates = mapped - kept;
        var test = PairDeduplicator.Compact(testUsers.AsSpan(0, mapped), testItems.AsSpan(0, mapped), keep, kept);
        var notes = new List<string> { $"train: {trainPath}", $"test: {testPath}" };
        if (unknownItems > 0)
        {
            notes.Add($"{unknownItems} test pairs dropped: their item never occurs in train, so it has no trained embedding");
        }

        var usersWithoutTest = users.Count - CountDistinct(test.Users, users.Count);
        if (usersWithoutTest > 0)
        {
            notes.Add($"{usersWithoutTest} users have no test interaction and are not evaluated");
        }

        var report = new DatasetLoadReport
        {
            LinesRead = rawTrain.DataLines + rawTest.DataLines,
            TrainDuplicatesDropped = trainDuplicates,
            TestDuplicatesDropped = testDuplicates,
            TestUnknownItemsDropped = unknownItems,
            SplitDescription = $"given split ({Path.GetFileName(trainPath)} / {Path.GetFileName(testPath)})",
            Notes = notes,
        };
        return new InteractionDataset(name, new IdMap(users.OriginalIds), new IdMap(items.OriginalIds), train, test, report);
    }

    private static InteractionDataset LoadRatings(string path, RatingsFormat format, string name, DatasetLoadOptions options)
    {
        var raw = InteractionFileReader.ReadRatings(path, format);
        var users = DenseIdMapper.Build(CollectionsMarshal.AsSpan(raw.Users));
        var items = DenseIdMapper.Build(CollectionsMarshal.AsSpan(raw.Items));
        var (all, duplicates) = MapAndDeduplicate(raw, users, items);
        var (train, test) = PerUserSplitter.Split(users.Count, all.Users, all.Items, options.TestFraction, new StableRandom(options.Seed));

        var fraction = options.TestFraction.ToString(CultureInfo.InvariantCulture);
        var notes = new List<string>
        {
            $"ratings: {path}",
            "ratings binarised: every non-zero rating is one interaction; rating values and timestamps are not kept",
        };
        if (raw.ZeroRatings > 0)
        {
            notes.Add($"{raw.ZeroRatings} rows rated 0 dropped");
        }

        if (duplicates > 0)
        {
            notes.Add($"{duplicates} repeated (user, item) rows merged");
        }

        var report = new DatasetLoadReport
        {
            LinesRead = raw.DataLines,
            RawDuplicatesDropped = duplicates,
            ZeroRatingsDropped = raw.ZeroRatings,
            SplitDescription = $"per-user random split, test fraction {fraction} (rounded, at least one training interaction per user), seed {options.Seed}",
            Notes = notes,
        };
        return new InteractionDataset(name, new IdMap(users.OriginalIds), new IdMap(items.OriginalIds), train, test, report);
    }

    /// <summary>Maps source ids to dense indices and drops repeated pairs (first occurrence wins, file order kept).</summary>
    private static (EdgeList Edges, long Duplicates) MapAndDeduplicate(RawPairs raw, DenseIdMapper users, DenseIdMapper items)
    {
        var rawUsers = CollectionsMarshal.AsSpan(raw.Users);
        var rawItems = CollectionsMarshal.AsSpan(raw.Items);
        var mappedUsers = new int[rawUsers.Length];
        var mappedItems = new int[rawUsers.Length];
        for (var e = 0; e < rawUsers.Length; e++)
        {
            // both maps were built from these very pairs, so every id is known
            mappedUsers[e] = users.IndexOf(rawUsers[e]);
            mappedItems[e] = items.IndexOf(rawItems[e]);
        }

        var keep = PairDeduplicator.Keep(mappedUsers, mappedItems, users.Count, items.Count, exclude: null, out var kept);
        return kept == mappedUsers.Length
            ? (new EdgeList(mappedUsers, mappedItems), 0)
            : (PairDeduplicator.Compact(mappedUsers, mappedItems, keep, kept), mappedUsers.Length - kept);
    }

    private static int CountDistinct(int[] values, int range)
    {
        var seen = new bool[range];
        var count = 0;
        foreach (var x in values)
        {
            if (!seen[x])
            {
                seen[x] = true;
                count++;
            }
        }

        return count;
    }

    private static RatingsFormat FormatOf(string path)
    {
        var name = StripGz(Path.GetFileName(path));
        if (name.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase))
        {
            return RatingsFormat.Tsv;
        }

        if (name.EndsWith(".dat", StringComparison.OrdinalIgnoreCase))
        {
            return RatingsFormat.Dat;
        }

        if (name.EndsWith(".data", StringComparison.OrdinalIgnoreCase))
        {
            return RatingsFormat.UData;
        }

        throw new DataFormatException(path, "unrecognised file type: expected a ratings file ending in .tsv, .dat or .data (optionally .gz), or a split directory");
    }

    private static string DirectoryName(string directory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));

    private static string FileStem(string path) => Path.GetFileNameWithoutExtension(StripGz(Path.GetFileName(path)));

    private static string StripGz(string name) =>
        name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;

    private static void AppendSplit(IncrementalHash hash, ReadOnlySpan<byte> tag, EdgeList edges, InteractionDataset dataset)
    {
        var users = new long[edges.Count];
        var items = new long[edges.Count];
        var fitsIn32Bits = true;
        for (var e = 0; e < edges.Count; e++)
        {
            users[e] = dataset.Users.ToOriginal(edges.Users[e]);
            items[e] = dataset.Items.ToOriginal(edges.Items[e]);
            fitsIn32Bits &= (ulong)users[e] <= uint.MaxValue && (ulong)items[e] <= uint.MaxValue;
        }

        // Sorting packed 64-bit keys is several times faster than sorting tuples; source ids almost always fit.
        if (fitsIn32Bits)
        {
            var keys = new ulong[edges.Count];
            for (var e = 0; e < keys.Length; e++)
            {
                keys[e] = ((ulong)users[e] << 32) | (ulong)items[e];
            }

            Array.Sort(keys);
            for (var e = 0; e < keys.Length; e++)
            {
                users[e] = (long)(keys[e] >> 32);
                items[e] = (long)(keys[e] & uint.MaxValue);
            }
        }
        else
        {
            var pairs = new (long User, long Item)[edges.Count];
            for (var e = 0; e < pairs.Length; e++)
            {
                pairs[e] = (users[e], items[e]);
            }

            Array.Sort(pairs);
            for (var e = 0; e < pairs.Length; e++)
            {
                (users[e], items[e]) = pairs[e];
            }
        }

        Span<byte> count = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(count, edges.Count);
        hash.AppendData(tag);
        hash.AppendData(count);

        // fixed-width little-endian records, hashed in 64 KiB chunks
        var buffer = new byte[4096 * 16];
        var fill = 0;
        for (var e = 0; e < users.Length; e++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(fill), users[e]);
            BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(fill + 8), items[e]);
            fill += 16;
            if (fill == buffer.Length)
            {
                hash.AppendData(buffer);
                fill = 0;
            }
        }

        hash.AppendData(buffer, 0, fill);
    }
}
