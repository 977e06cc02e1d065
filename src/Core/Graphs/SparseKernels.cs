using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace UnlearnRec.Core.Graphs;

/// <summary>
/// Multi-threaded SIMD sparse × dense products, the hot loop of every graph recommender here.
/// Rows of the output are independent (a gather formulation), so threads never write to the same row and no
/// atomics are needed. Dense operands are row-major N×dim float arrays.
/// </summary>
public static class SparseKernels
{
    /// <summary>Upper bound on worker threads used by the kernels (defaults to the processor count).</summary>
    public static int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Y = A · X, where X is (A.Columns × dim) and Y is (A.Rows × dim), both row-major.</summary>
    public static void Multiply(CsrMatrix a, ReadOnlySpan<float> x, Span<float> y, int dim)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check(a, x.Length, y.Length, dim);
        unsafe
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                Run(a, (nint)px, (nint)py, dim, null);
            }
        }
    }

    /// <summary>
    /// Y = A · X with every stored value multiplied by <paramref name="valueScale"/>[k] (an edge mask or dropout
    /// weights) without materialising a new matrix.
    /// </summary>
    public static void MultiplyScaled(CsrMatrix a, ReadOnlySpan<float> valueScale, ReadOnlySpan<float> x, Span<float> y, int dim)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check(a, x.Length, y.Length, dim);
        if (valueScale.Length != a.NonZeros)
        {
            throw new ArgumentException("one scale per stored value is required", nameof(valueScale));
        }

        unsafe
        {
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* ps = valueScale)
            {
                Run(a, (nint)px, (nint)py, dim, ps);
            }
        }
    }

    /// <summary>
    /// Y[i] = (A · X)[i] for the listed rows only (ascending, distinct); every other row of Y is left as it is. Each
    /// listed row gets exactly the value <see cref="Multiply(CsrMatrix, ReadOnlySpan{float}, Span{float}, int)"/> gives
    /// it: the same kernel runs over the same row. Runs on the caller's thread.
    /// </summary>
    public static void MultiplyRows(CsrMatrix a, ReadOnlySpan<int> rows, ReadOnlySpan<float> x, Span<float> y, int dim)
    {
        ArgumentNullException.ThrowIfNull(a);
        Check(a, x.Length, y.Length, dim);
        var previous = -1;
        foreach (var row in rows)
        {
            if (row <= previous || row >= a.Rows)
            {
                throw new ArgumentException($"rows must be ascending, distinct and below {a.Rows}", nameof(rows));
            }

            previous = row;
        }

        unsafe
        {
            fixed (float* px = x)
            fixed (float* py = y)
            {
                // consecutive rows run as one range: the pull of a dense neighbourhood is mostly long runs
                var start = 0;
                while (start < rows.Length)
                {
                    var end = start + 1;
                    while (end < rows.Length && rows[end] == rows[end - 1] + 1)
                    {
                        end++;
                    }

                    RowRange(a, rows[start], rows[end - 1] + 1, px, py, dim, null);
                    start = end;
                }
            }
        }
    }

    /// <summary>Pointer overload for callers that own native buffers (tensors).</summary>
    public static unsafe void Multiply(CsrMatrix a, float* x, float* y, int dim)
    {
        ArgumentNullException.ThrowIfNull(a);
        Run(a, (nint)x, (nint)y, dim, null);
    }

    private static void Check(CsrMatrix a, int xLength, int yLength, int dim)
    {
        if (dim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dim));
        }

        if (xLength != (long)a.Columns * dim)
        {
            throw new ArgumentException($"X has {xLength} values, expected {a.Columns}×{dim}");
        }

        if (yLength != (long)a.Rows * dim)
        {
            throw new ArgumentException($"Y has {yLength} values, expected {a.Rows}×{dim}");
        }
    }

    private static unsafe void Run(CsrMatrix a, nint x, nint y, int dim, float* scale)
    {
        var workers = Math.Max(1, Math.Min(MaxDegreeOfParallelism, Environment.ProcessorCount));
        // Small products are not worth a thread hop.
        if (workers == 1 || (long)a.NonZeros * dim < 200_000)
        {
            RowRange(a, 0, a.Rows, (float*)x, (float*)y, dim, scale);
            return;
        }

        // Split rows into chunks of roughly equal non-zero count; several chunks per worker smooth out skew
        // (power-law degrees put most of the work in a few rows).
        var chunks = workers * 4;
        var bounds = new int[chunks + 1];
        var rp = a.RowPointers;
        var nnz = (long)a.NonZeros;
        for (var c = 1; c < chunks; c++)
        {
            var target = (int)(nnz * c / chunks);
            var row = Array.BinarySearch(rp, target);
            if (row < 0)
            {
                row = ~row;
            }

            bounds[c] = Math.Clamp(row, bounds[c - 1], a.Rows);
        }

        bounds[chunks] = a.Rows;
        var s = (nint)scale;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
        {
            RowRange(a, bounds[c], bounds[c + 1], (float*)x, (float*)y, dim, (float*)s);
        });
    }

    private static unsafe void RowRange(CsrMatrix a, int rowStart, int rowEnd, float* x, float* y, int dim, float* scale)
    {
        fixed (int* rp = a.RowPointers)
        fixed (int* ci = a.ColumnIndices)
        fixed (float* vals = a.Values)
        {
            if (dim == 64 && Vector512.IsHardwareAccelerated)
            {
                Rows64Avx512(rp, ci, vals, scale, rowStart, rowEnd, x, y);
            }
            else if (dim % 16 == 0 && Vector512.IsHardwareAccelerated)
            {
                RowsGeneric512(rp, ci, vals, scale, rowStart, rowEnd, x, y, dim);
            }
            else if (dim % 8 == 0 && Vector256.IsHardwareAccelerated)
            {
                RowsGeneric256(rp, ci, vals, scale, rowStart, rowEnd, x, y, dim);
            }
            else
            {
                RowsScalar(rp, ci, vals, scale, rowStart, rowEnd, x, y, dim);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Rows64Avx512(int* rp, int* ci, float* vals, float* scale, int rowStart, int rowEnd, float* x, float* y)
    {
        for (var i = rowStart; i < rowEnd; i++)
        {
            var a0 = Vector512<float>.Zero;
            var a1 = Vector512<float>.Zero;
            var a2 = Vector512<float>.Zero;
            var a3 = Vector512<float>.Zero;
            var end = rp[i + 1];
            for (var k = rp[i]; k < end; k++)
            {
                if (k + 4 < end && Sse.IsSupported)
                {
                    // rows of X are gathered in column order; pull the row four entries ahead into cache
                    Sse.Prefetch0(x + ((long)ci[k + 4] << 6));
                }

                var w = Vector512.Create(scale == null ? vals[k] : vals[k] * scale[k]);
                var src = x + ((long)ci[k] << 6);
                a0 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src), a0);
                a1 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 16), a1);
                a2 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 32), a2);
                a3 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 48), a3);
            }

            var dst = y + ((long)i << 6);
            a0.Store(dst);
            a1.Store(dst + 16);
            a2.Store(dst + 32);
            a3.Store(dst + 48);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowsGeneric512(int* rp, int* ci, float* vals, float* scale, int rowStart, int rowEnd, float* x, float* y, int dim)
    {
        // Output processed in blocks of 64 floats so the accumulators stay in registers.
        for (var i = rowStart; i < rowEnd; i++)
        {
            var dst = y + ((long)i * dim);
            var start = rp[i];
            var end = rp[i + 1];
            for (var block = 0; block < dim; block += 64)
            {
                var width = Math.Min(64, dim - block);
                var lanes = width / 16;
                var a0 = Vector512<float>.Zero;
                var a1 = Vector512<float>.Zero;
                var a2 = Vector512<float>.Zero;
                var a3 = Vector512<float>.Zero;
                for (var k = start; k < end; k++)
                {
                    var w = Vector512.Create(scale == null ? vals[k] : vals[k] * scale[k]);
                    var src = x + ((long)ci[k] * dim) + block;
                    a0 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src), a0);
                    if (lanes > 1)
                    {
                        a1 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 16), a1);
                    }

                    if (lanes > 2)
                    {
                        a2 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 32), a2);
                    }

                    if (lanes > 3)
                    {
                        a3 = Vector512.FusedMultiplyAdd(w, Vector512.Load(src + 48), a3);
                    }
                }

                a0.Store(dst + block);
                if (lanes > 1)
                {
                    a1.Store(dst + block + 16);
                }

                if (lanes > 2)
                {
                    a2.Store(dst + block + 32);
                }

                if (lanes > 3)
                {
                    a3.Store(dst + block + 48);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowsGeneric256(int* rp, int* ci, float* vals, float* scale, int rowStart, int rowEnd, float* x, float* y, int dim)
    {
        for (var i = rowStart; i < rowEnd; i++)
        {
            var dst = y + ((long)i * dim);
            var start = rp[i];
            var end = rp[i + 1];
            for (var block = 0; block < dim; block += 8)
            {
                var acc = Vector256<float>.Zero;
                for (var k = start; k < end; k++)
                {
                    var w = Vector256.Create(scale == null ? vals[k] : vals[k] * scale[k]);
                    acc = Vector256.FusedMultiplyAdd(w, Vector256.Load(x + ((long)ci[k] * dim) + block), acc);
                }

                acc.Store(dst + block);
            }
        }
    }

    private static unsafe void RowsScalar(int* rp, int* ci, float* vals, float* scale, int rowStart, int rowEnd, float* x, float* y, int dim)
    {
        for (var i = rowStart; i < rowEnd; i++)
        {
            var dst = y + ((long)i * dim);
            new Span<float>(dst, dim).Clear();
            for (var k = rp[i]; k < rp[i + 1]; k++)
            {
                var w = scale == null ? vals[k] : vals[k] * scale[k];
                var src = x + ((long)ci[k] * dim);
                for (var j = 0; j < dim; j++)
                {
                    dst[j] += w * src[j];
                }
            }
        }
    }
}
