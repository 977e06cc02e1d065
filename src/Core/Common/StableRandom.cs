namespace UnlearnRec.Core.Common;

/// <summary>
/// A small seeded pseudo-random generator (xoshiro256** seeded through SplitMix64).
/// </summary>
/// <remarks>
/// We do not use <see cref="System.Random"/> for anything that ends up in a data set, a split or a fingerprint:
/// its seeded algorithm is an implementation detail the runtime may change, and a changed split would silently
/// change every reported number. This generator is fixed here, so a seed means the same thing forever.
/// Not thread-safe; not cryptographic.
/// </remarks>
internal sealed class StableRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a generator for a seed.</summary>
    public StableRandom(long seed)
        : this(seed, 0)
    {
    }

    /// <summary>
    /// Creates a generator for (seed, stream). Different streams of one seed are independent for practical purposes,
    /// which lets one user-visible seed drive several unrelated random choices (e.g. one per negative draw).
    /// </summary>
    public StableRandom(long seed, long stream)
    {
        var x = unchecked((ulong)seed ^ ((ulong)stream * 0xD1B54A32D192ED03UL));
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>Next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, maxExclusive), without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (ulong)maxExclusive;
        var product = (NextUInt64() >> 32) * range; // both factors < 2^32, so no overflow
        var low = (uint)product;
        if (low < range)
        {
            var threshold = (uint)((0x1_0000_0000UL - range) % range);
            while (low < threshold)
            {
                product = (NextUInt64() >> 32) * range;
                low = (uint)product;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x = unchecked(x + 0x9E3779B97F4A7C15UL);
        var z = x;
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
