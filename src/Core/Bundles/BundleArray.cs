namespace UnlearnRec.Core.Bundles;

/// <summary>
/// One named numeric array of a bundle: float32, int32 or int64 data with a shape. Exactly one of the data arrays is
/// set.
/// </summary>
public sealed class BundleArray
{
    private BundleArray(long[] shape, float[]? f, int[]? i, long[]? l)
    {
        Shape = shape;
        Floats = f;
        Ints = i;
        Longs = l;
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        if (expected != Length)
        {
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] does not hold {Length} values");
        }
    }

    /// <summary>Dimensions, outermost first.</summary>
    public long[] Shape { get; }

    /// <summary>float32 data, or null.</summary>
    public float[]? Floats { get; }

    /// <summary>int32 data, or null.</summary>
    public int[]? Ints { get; }

    /// <summary>int64 data, or null.</summary>
    public long[]? Longs { get; }

    /// <summary>Element type.</summary>
    public BundleElementType ElementType =>
        Floats is not null ? BundleElementType.Float32 : Ints is not null ? BundleElementType.Int32 : BundleElementType.Int64;

    /// <summary>Number of elements.</summary>
    public long Length => Floats?.Length ?? Ints?.Length ?? Longs!.Length;

    /// <summary>A float32 array of the given shape (1-D when omitted).</summary>
    public static BundleArray Of(float[] data, params long[] shape) => new(shape.Length == 0 ? [data.Length] : shape, data, null, null);

    /// <summary>An int32 array of the given shape (1-D when omitted).</summary>
    public static BundleArray Of(int[] data, params long[] shape) => new(shape.Length == 0 ? [data.Length] : shape, null, data, null);

    /// <summary>An int64 array of the given shape (1-D when omitted).</summary>
    public static BundleArray Of(long[] data, params long[] shape) => new(shape.Length == 0 ? [data.Length] : shape, null, null, data);
}
