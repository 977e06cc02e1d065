using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using UnlearnRec.Model.Experiments.Plotting;

namespace UnlearnRec.Model.Tests.Experiments;

public sealed class PngEncoderTests
{
    [Fact]
    public void Crc32MatchesKnownValues()
    {
        Assert.Equal(0xCBF43926u, PngEncoder.Crc32(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0xAE426082u, PngEncoder.Crc32(Encoding.ASCII.GetBytes("IEND")));
    }

    [Fact]
    public void EncodedImageDecodesToTheSamePixels()
    {
        var image = new RasterImage(7, 5);
        image.Line(0, 0, 6, 4, new Rgb(200, 10, 30));
        image.Text(0, 0, "A", Rgb.Black, scale: 1);

        var png = image.ToPng();

        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new Dictionary<string, byte[]>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var data = png.AsSpan(at + 8, length).ToArray();
            Assert.Equal(PngEncoder.Crc32(png.AsSpan(at + 4, 4 + length)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            chunks[type] = data;
            at += 12 + length;
        }

        Assert.Equal(7, BinaryPrimitives.ReadInt32BigEndian(chunks["IHDR"]));
        Assert.Equal(5, BinaryPrimitives.ReadInt32BigEndian(chunks["IHDR"].AsSpan(4)));
        Assert.True(chunks.ContainsKey("IEND"));
        using var inflate = new ZLibStream(new MemoryStream(chunks["IDAT"]), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflate.CopyTo(raw);
        var bytes = raw.ToArray();
        Assert.Equal(5 * (1 + (7 * 3)), bytes.Length);
        for (var y = 0; y < 5; y++)
        {
            Assert.Equal(0, bytes[y * 22]);
            for (var x = 0; x < 7; x++)
            {
                var k = (y * 22) + 1 + (x * 3);
                Assert.Equal(image.Get(x, y), new Rgb(bytes[k], bytes[k + 1], bytes[k + 2]));
            }
        }
    }
}
