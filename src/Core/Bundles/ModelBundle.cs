using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace UnlearnRec.Core.Bundles;

/// <summary>
/// A model bundle (architecture.md §2): a directory with <c>manifest.json</c> and one binary file per array.
/// Each array file starts with a header (magic <c>URBA</c>, header version, element type, rank, shape) followed by
/// little-endian data; the manifest records each file's length and SHA-256, so truncation, corruption and a mix of
/// files from different bundles are detected at load time and reported with the file's name.
/// </summary>
public sealed class ModelBundle
{
    private const string ManifestFile = "manifest.json";
    private static readonly byte[] Magic = "URBA"u8.ToArray();
    private const ushort HeaderVersion = 1;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>Creates a bundle from a manifest and arrays.</summary>
    public ModelBundle(BundleManifest manifest, IReadOnlyDictionary<string, BundleArray> arrays)
    {
        Manifest = manifest ?? throw new ArgumentNullException(nameof(manifest));
        Arrays = new Dictionary<string, BundleArray>(arrays ?? throw new ArgumentNullException(nameof(arrays)), StringComparer.Ordinal);
    }

    /// <summary>The manifest (file entries are filled in by <see cref="Save"/>).</summary>
    public BundleManifest Manifest { get; private set; }

    /// <summary>Arrays by logical name (see <see cref="BundleArrayNames"/>).</summary>
    public Dictionary<string, BundleArray> Arrays { get; }

    /// <summary>Whether an array is present.</summary>
    public bool Has(string name) => Arrays.ContainsKey(name);

    /// <summary>A float32 array, checked for its expected shape.</summary>
    /// <exception cref="BundleFormatException">Missing, or of another type or shape.</exception>
    public float[] Floats(string name, params long[] expectedShape) => Get(name, expectedShape).Floats
        ?? throw new BundleFormatException($"bundle array '{name}' is {Get(name).ElementType}, expected float32");

    /// <summary>An int32 array, checked for its expected shape (-1 matches any length).</summary>
    public int[] Ints(string name, params long[] expectedShape) => Get(name, expectedShape).Ints
        ?? throw new BundleFormatException($"bundle array '{name}' is {Get(name).ElementType}, expected int32");

    /// <summary>An int64 array, checked for its expected shape (-1 matches any length).</summary>
    public long[] Longs(string name, params long[] expectedShape) => Get(name, expectedShape).Longs
        ?? throw new BundleFormatException($"bundle array '{name}' is {Get(name).ElementType}, expected int64");

    /// <summary>An array by name, checked against an expected shape (-1 is a wildcard); no shape means any.</summary>
    public BundleArray Get(string name, params long[] expectedShape)
    {
        if (!Arrays.TryGetValue(name, out var array))
        {
            throw new BundleFormatException($"bundle has no array '{name}' (model '{Manifest.Model}', dataset '{Manifest.Dataset}')");
        }

        if (expectedShape.Length > 0)
        {
            var ok = expectedShape.Length == array.Shape.Length;
            for (var i = 0; ok && i < expectedShape.Length; i++)
            {
                ok = expectedShape[i] < 0 || expectedShape[i] == array.Shape[i];
            }

            if (!ok)
            {
                throw new BundleFormatException(
                    $"bundle array '{name}' has shape [{string.Join(", ", array.Shape)}], expected [{string.Join(", ", expectedShape.Select(s => s < 0 ? "*" : s.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]: the bundle's files do not belong together");
            }
        }

        return array;
    }

    /// <summary>Replaces the manifest (e.g. to add metrics) keeping the arrays.</summary>
    public ModelBundle WithManifest(BundleManifest manifest) => new(manifest, Arrays);

    /// <summary>
    /// Writes the bundle to <paramref name="directory"/> (created if needed). Files are written to a temporary
    /// directory first and moved into place, so a crash never leaves a half-written bundle under the final name.
    /// </summary>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        var parent = Path.GetDirectoryName(full.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar))}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var files = new Dictionary<string, BundleFileEntry>(StringComparer.Ordinal);
            foreach (var (name, array) in Arrays.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var fileName = name + ".bin";
                var path = Path.Combine(staging, fileName);
                WriteArray(path, array);
                files[name] = new BundleFileEntry
                {
                    File = fileName,
                    ElementType = TypeName(array.ElementType),
                    Shape = array.Shape,
                    Bytes = new FileInfo(path).Length,
                    Sha256 = HashFile(path),
                };
            }

            Manifest = Manifest with { FormatVersion = BundleManifest.CurrentFormatVersion, Files = files };
            File.WriteAllText(Path.Combine(staging, ManifestFile), JsonSerializer.Serialize(Manifest, JsonOptions));
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true);
            }

            Directory.Move(staging, full);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>Reads only the manifest of a bundle (cheap; for listing and compatibility checks).</summary>
    public static BundleManifest ReadManifest(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new BundleFormatException(File.Exists(directory)
                ? $"'{directory}' is a file; a model bundle is a directory containing {ManifestFile}"
                : $"model bundle '{directory}' does not exist");
        }

        var path = Path.Combine(directory, ManifestFile);
        if (!File.Exists(path))
        {
            throw new BundleFormatException($"'{directory}' is not a model bundle: {ManifestFile} is missing");
        }

        BundleManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException e)
        {
            throw new BundleFormatException($"{path}: manifest is not valid JSON ({e.Message})", e);
        }

        if (manifest is null)
        {
            throw new BundleFormatException($"{path}: manifest is empty");
        }

        if (manifest.FormatVersion != BundleManifest.CurrentFormatVersion)
        {
            throw new BundleFormatException(
                $"{path}: bundle format version {manifest.FormatVersion} is not supported by this build (it reads version {BundleManifest.CurrentFormatVersion}); re-create the bundle with a matching unlearnrec");
        }

        return manifest;
    }

    /// <summary>
    /// Loads a bundle and verifies every file against the manifest (length, SHA-256, header shape), then checks
    /// that the shapes agree with the manifest's users, items and dim.
    /// </summary>
    public static ModelBundle Load(string directory, bool verifyChecksums = true)
    {
        var manifest = ReadManifest(directory);
        var arrays = new Dictionary<string, BundleArray>(StringComparer.Ordinal);
        foreach (var (name, entry) in manifest.Files)
        {
            var path = Path.Combine(directory, entry.File);
            if (!File.Exists(path))
            {
                throw new BundleFormatException($"{path}: file listed in the manifest is missing");
            }

            var length = new FileInfo(path).Length;
            if (length != entry.Bytes)
            {
                throw new BundleFormatException(
                    $"{path}: file is {length} bytes but the manifest records {entry.Bytes} (truncated or replaced)");
            }

            if (verifyChecksums)
            {
                var hash = HashFile(path);
                if (!string.Equals(hash, entry.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    throw new BundleFormatException($"{path}: checksum mismatch (file is corrupted or from another bundle)");
                }
            }

            var array = ReadArray(path);
            if (!array.Shape.SequenceEqual(entry.Shape))
            {
                throw new BundleFormatException(
                    $"{path}: header shape [{string.Join(", ", array.Shape)}] differs from the manifest's [{string.Join(", ", entry.Shape)}]");
            }

            arrays[name] = array;
        }

        var bundle = new ModelBundle(manifest, arrays);
        bundle.CheckConsistency(directory);
        return bundle;
    }

    private void CheckConsistency(string directory)
    {
        var nodes = (long)Manifest.Users + Manifest.Items;
        void Expect(string name, params long[] shape)
        {
            if (Arrays.ContainsKey(name))
            {
                try
                {
                    Get(name, shape);
                }
                catch (BundleFormatException e)
                {
                    throw new BundleFormatException($"{directory}: {e.Message} (manifest: {Manifest.Users} users, {Manifest.Items} items, dim {Manifest.Dim})");
                }
            }
        }

        Expect(BundleArrayNames.UserIds, Manifest.Users);
        Expect(BundleArrayNames.ItemIds, Manifest.Items);
        Expect(BundleArrayNames.Ego, nodes, Manifest.Dim);
        Expect(BundleArrayNames.Final, nodes, Manifest.Dim);
        Expect(BundleArrayNames.UnlearnedEgo, nodes, Manifest.Dim);
        Expect(BundleArrayNames.UnlearnedFinal, nodes, Manifest.Dim);
        Expect(BundleArrayNames.EncoderH0, nodes, Manifest.Dim);
        Expect(BundleArrayNames.EncoderEta, nodes);
        Expect(BundleArrayNames.TrainEdges, -1, 2);
        Expect(BundleArrayNames.TestEdges, -1, 2);
        Expect(BundleArrayNames.ForgottenEdges, -1, 2);
    }

    private static string TypeName(BundleElementType type) => type switch
    {
        BundleElementType.Float32 => "float32",
        BundleElementType.Int32 => "int32",
        _ => "int64",
    };

    private static void WriteArray(string path, BundleArray array)
    {
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> header = stackalloc byte[8];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], HeaderVersion);
        header[6] = (byte)array.ElementType;
        header[7] = (byte)array.Shape.Length;
        stream.Write(header);
        Span<byte> dim = stackalloc byte[8];
        foreach (var s in array.Shape)
        {
            BinaryPrimitives.WriteInt64LittleEndian(dim, s);
            stream.Write(dim);
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("bundles are written on little-endian machines only");
        }

        switch (array.ElementType)
        {
            case BundleElementType.Float32:
                stream.Write(MemoryMarshal.AsBytes(array.Floats.AsSpan()));
                break;
            case BundleElementType.Int32:
                stream.Write(MemoryMarshal.AsBytes(array.Ints.AsSpan()));
                break;
            default:
                stream.Write(MemoryMarshal.AsBytes(array.Longs.AsSpan()));
                break;
        }

        stream.Flush(flushToDisk: true);
    }

    private static BundleArray ReadArray(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        Span<byte> header = stackalloc byte[8];
        if (stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !header[..4].SequenceEqual(Magic))
        {
            throw new BundleFormatException($"{path}: not a bundle array file (bad header)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != HeaderVersion)
        {
            throw new BundleFormatException($"{path}: array header version {version} is not supported");
        }

        var type = (BundleElementType)header[6];
        var rank = header[7];
        if (type is not (BundleElementType.Float32 or BundleElementType.Int32 or BundleElementType.Int64) || rank is 0 or > 8)
        {
            throw new BundleFormatException($"{path}: corrupted header (type {header[6]}, rank {rank})");
        }

        var shape = new long[rank];
        Span<byte> dim = stackalloc byte[8];
        for (var i = 0; i < rank; i++)
        {
            if (stream.ReadAtLeast(dim, 8, throwOnEndOfStream: false) < 8)
            {
                throw new BundleFormatException($"{path}: truncated header");
            }

            shape[i] = BinaryPrimitives.ReadInt64LittleEndian(dim);
            if (shape[i] < 0)
            {
                throw new BundleFormatException($"{path}: corrupted header (negative dimension)");
            }
        }

        var count = shape.Aggregate(1L, (a, b) => a * b);
        var width = type == BundleElementType.Int64 ? 8 : 4;
        var remaining = stream.Length - stream.Position;
        if (remaining != count * width)
        {
            throw new BundleFormatException(
                $"{path}: holds {remaining} data bytes, the header's shape [{string.Join(", ", shape)}] needs {count * width} (truncated)");
        }

        if (count > Array.MaxLength)
        {
            throw new BundleFormatException($"{path}: array of {count} elements is too large");
        }

        switch (type)
        {
            case BundleElementType.Float32:
                {
                    var data = new float[count];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return BundleArray.Of(data, shape);
                }

            case BundleElementType.Int32:
                {
                    var data = new int[count];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return BundleArray.Of(data, shape);
                }

            default:
                {
                    var data = new long[count];
                    stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
                    return BundleArray.Of(data, shape);
                }
        }
    }

    private static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // best effort: a leftover staging directory is harmless and named as such
        }
    }
}
