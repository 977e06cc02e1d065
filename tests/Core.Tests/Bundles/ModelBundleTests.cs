using System.Text.Json;
using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Core.Tests.Bundles;

public sealed class ModelBundleTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "urb-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void SaveThenLoadRoundTripsEveryArrayAndTheManifest()
    {
        var dir = Path.Combine(_root, "b");
        var original = SampleBundle();
        original.Save(dir);

        var loaded = ModelBundle.Load(dir);

        Assert.Equal(BundleManifest.CurrentFormatVersion, loaded.Manifest.FormatVersion);
        Assert.Equal("lightgcn", loaded.Manifest.Model);
        Assert.Equal(0.25, loaded.Manifest.Metrics["recall@20"]);
        Assert.Equal(original.Floats(BundleArrayNames.Ego), loaded.Floats(BundleArrayNames.Ego, 5, 4));
        Assert.Equal(original.Longs(BundleArrayNames.UserIds), loaded.Longs(BundleArrayNames.UserIds));
        Assert.Equal(original.Ints(BundleArrayNames.TrainEdges), loaded.Ints(BundleArrayNames.TrainEdges, -1, 2));
        Assert.Equal([3L, 2L], loaded.Get(BundleArrayNames.TrainEdges).Shape);
    }

    [Fact]
    public void TruncatedFileIsReportedWithItsName()
    {
        var dir = Path.Combine(_root, "t");
        SampleBundle().Save(dir);
        var file = Path.Combine(dir, "ego.bin");
        using (var fs = new FileStream(file, FileMode.Open))
        {
            fs.SetLength(fs.Length - 7);
        }

        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(dir));
        Assert.Contains("ego.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptedByteIsDetectedByChecksum()
    {
        var dir = Path.Combine(_root, "c");
        SampleBundle().Save(dir);
        var file = Path.Combine(dir, "final.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(file, bytes);

        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(dir));
        Assert.Contains("final.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherFormatVersionIsRejectedClearly()
    {
        var dir = Path.Combine(_root, "v");
        SampleBundle().Save(dir);
        var manifestPath = Path.Combine(dir, "manifest.json");
        var text = File.ReadAllText(manifestPath).Replace("\"format_version\": 1", "\"format_version\": 99", StringComparison.Ordinal);
        File.WriteAllText(manifestPath, text);

        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(dir));
        Assert.Contains("format version 99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArraysFromAnotherBundleAreRejected()
    {
        // a bundle of another shape whose files are copied in: checksums would catch a plain copy, so also rewrite
        // the manifest entry the way a careless hand-edit would; the shape check must still refuse the mix
        var dirA = Path.Combine(_root, "a");
        var dirB = Path.Combine(_root, "b2");
        SampleBundle().Save(dirA);
        SampleBundle(users: 3, items: 3).Save(dirB);
        File.Copy(Path.Combine(dirB, "ego.bin"), Path.Combine(dirA, "ego.bin"), overwrite: true);
        var manifestA = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(Path.Combine(dirA, "manifest.json")))!;
        var manifestB = JsonSerializer.Deserialize<BundleManifest>(File.ReadAllText(Path.Combine(dirB, "manifest.json")))!;
        manifestA.Files["ego"] = manifestB.Files["ego"];
        File.WriteAllText(Path.Combine(dirA, "manifest.json"), JsonSerializer.Serialize(manifestA));

        var e = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(dirA));
        Assert.Contains("ego", e.Message, StringComparison.Ordinal);
        Assert.Contains("do not belong together", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingDirectoryOrManifestGivesClearErrors()
    {
        var missing = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(Path.Combine(_root, "nope")));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);

        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        var noManifest = Assert.Throws<BundleFormatException>(() => ModelBundle.Load(empty));
        Assert.Contains("manifest.json is missing", noManifest.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavingReplacesAnExistingBundleAtomically()
    {
        var dir = Path.Combine(_root, "r");
        SampleBundle().Save(dir);
        var second = SampleBundle(users: 3, items: 3);
        second.Save(dir);

        var loaded = ModelBundle.Load(dir);
        Assert.Equal(3, loaded.Manifest.Users);
        Assert.DoesNotContain(Directory.GetDirectories(_root), d => Path.GetFileName(d).StartsWith('.'));
    }

    private static ModelBundle SampleBundle(int users = 2, int items = 3)
    {
        var nodes = users + items;
        const int dim = 4;
        var ego = Enumerable.Range(0, nodes * dim).Select(i => i * 0.5f).ToArray();
        var final = Enumerable.Range(0, nodes * dim).Select(i => -i * 0.25f).ToArray();
        var manifest = new BundleManifest
        {
            Dataset = "tiny",
            Users = users,
            Items = items,
            Model = "lightgcn",
            Dim = dim,
            Layers = 3,
            Metrics = new Dictionary<string, double> { ["recall@20"] = 0.25 },
        };
        var arrays = new Dictionary<string, BundleArray>
        {
            [BundleArrayNames.UserIds] = BundleArray.Of(Enumerable.Range(100, users).Select(i => (long)i).ToArray()),
            [BundleArrayNames.ItemIds] = BundleArray.Of(Enumerable.Range(200, items).Select(i => (long)i).ToArray()),
            [BundleArrayNames.TrainEdges] = BundleArray.Of(new[] { 0, 1, 1, 2, 0, 0 }, 3, 2),
            [BundleArrayNames.Ego] = BundleArray.Of(ego, nodes, dim),
            [BundleArrayNames.Final] = BundleArray.Of(final, nodes, dim),
        };
        return new ModelBundle(manifest, arrays);
    }
}
