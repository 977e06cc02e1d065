using System.Buffers;
using System.Numerics.Tensors;
using UnlearnRec.Core.Common;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Core.Embeddings;

/// <summary>
/// The linear propagation shared by LightGCN, SGL and SimGCL at inference time: Ē = Σ_l c_l Âˡ E⁰.
/// Pure C# (the SIMD kernels), so serving and the influence engine need no tensor library for it.
/// </summary>
public static class GraphPropagation
{
    /// <summary>
    /// Final embeddings for all nodes: Ē = Σ_{l} w_l · Âˡ E⁰ with weights from <paramref name="aggregation"/>.
    /// </summary>
    /// <param name="adjacency">Normalised N×N adjacency.</param>
    /// <param name="ego">Row-major N×dim layer-0 embeddings.</param>
    /// <param name="dim">Embedding width.</param>
    /// <param name="layers">Number of propagation layers L.</param>
    /// <param name="aggregation">Layer readout.</param>
    public static float[] FinalEmbeddings(CsrMatrix adjacency, ReadOnlySpan<float> ego, int dim, int layers, LayerAggregation aggregation)
    {
        var result = new float[ego.Length];
        FinalEmbeddingsInto(adjacency, ego, dim, layers, aggregation, result, new float[ego.Length], new float[ego.Length]);
        return result;
    }

    /// <summary>
    /// <see cref="FinalEmbeddings"/> into caller-owned buffers (each as long as <paramref name="ego"/>), for callers that
    /// propagate again and again and would otherwise allocate three large arrays every time (the online engine).
    /// </summary>
    public static void FinalEmbeddingsInto(CsrMatrix adjacency, ReadOnlySpan<float> ego, int dim, int layers, LayerAggregation aggregation, float[] result, float[] scratchA, float[] scratchB)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scratchA);
        ArgumentNullException.ThrowIfNull(scratchB);
        ArgumentOutOfRangeException.ThrowIfNegative(layers);
        if (result.Length != ego.Length || scratchA.Length != ego.Length || scratchB.Length != ego.Length)
        {
            throw new ArgumentException($"every buffer must hold {ego.Length} values");
        }

        var w0 = aggregation.Weight(0, layers);
        if (w0 != 0f)
        {
            TensorPrimitives.Multiply(ego, w0, result);
        }
        else
        {
            Array.Clear(result);
        }

        ego.CopyTo(scratchA);
        var (current, next) = (scratchA, scratchB);
        for (var l = 1; l <= layers; l++)
        {
            SparseKernels.Multiply(adjacency, current, next, dim);
            TensorPrimitives.MultiplyAdd(next, aggregation.Weight(l, layers), result, result);
            (current, next) = (next, current);
        }
    }
    /// <summary>
    /// The rows <paramref name="rows"/> of <see cref="FinalEmbeddingsInto"/> only, computed by pulling: layer l is
    /// evaluated on the rows the listed rows reach within <c>layers − l</c> hops, and nothing else. The listed rows of
    /// <paramref name="result"/> get exactly the values the full propagation gives them (same kernel, same order of
    /// operations); its other rows are left as they are, and both scratch buffers are overwritten.
    /// </summary>
    /// <remarks>
    /// The online engine needs exact values for a request's own users and items at once, and the rest of the graph
    /// only later. On a bipartite graph the cost is the non-zeros of the rows within <c>layers − 1</c> hops, instead of
    /// <c>layers</c> times every non-zero: on ml-1m about half.
    /// </remarks>
    /// <param name="adjacency">Normalised N×N adjacency.</param>
    /// <param name="ego">Row-major N×dim layer-0 embeddings.</param>
    /// <param name="dim">Embedding width.</param>
    /// <param name="layers">Number of propagation layers L.</param>
    /// <param name="aggregation">Layer readout.</param>
    /// <param name="rows">Rows to compute (any order; repeats are ignored).</param>
    /// <param name="result">N×dim output: the listed rows are written.</param>
    /// <param name="scratchA">N×dim scratch buffer.</param>
    /// <param name="scratchB">N×dim scratch buffer.</param>
    public static void FinalRowsInto(CsrMatrix adjacency, ReadOnlySpan<float> ego, int dim, int layers, LayerAggregation aggregation, IEnumerable<int> rows, float[] result, float[] scratchA, float[] scratchB)
    {
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentOutOfRangeException.ThrowIfNegative(layers);
        var weights = new float[layers + 1];
        for (var l = 0; l <= layers; l++)
        {
            weights[l] = aggregation.Weight(l, layers);
        }

        ReadoutRowsInto(adjacency, ego, dim, weights, rows, result, scratchA, scratchB);
    }

    /// <summary>
    /// Y = Σ_{l=0..L} w_l Aˡ X at the listed rows only (L = <paramref name="weights"/>.Length − 1), by pulling: layer l
    /// is evaluated on the rows the listed rows reach within L − l hops. Layers whose weight is 0 are read through but
    /// not added (as the tensor readout does), so the listed rows get exactly the values of the full readout; other
    /// rows of <paramref name="result"/> are left as they are, and both scratch buffers are overwritten.
    /// </summary>
    /// <param name="adjacency">N×N matrix A.</param>
    /// <param name="x">Row-major N×dim input X.</param>
    /// <param name="dim">Row width.</param>
    /// <param name="weights">Layer weights w_0..w_L.</param>
    /// <param name="rows">Rows to compute (any order; repeats are ignored).</param>
    /// <param name="result">N×dim output: the listed rows are written.</param>
    /// <param name="scratchA">N×dim scratch buffer.</param>
    /// <param name="scratchB">N×dim scratch buffer.</param>
    public static void ReadoutRowsInto(CsrMatrix adjacency, ReadOnlySpan<float> x, int dim, ReadOnlySpan<float> weights, IEnumerable<int> rows, float[] result, float[] scratchA, float[] scratchB)
    {
        ArgumentNullException.ThrowIfNull(adjacency);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(scratchA);
        ArgumentNullException.ThrowIfNull(scratchB);
        if (weights.Length == 0)
        {
            throw new ArgumentException("at least the layer-0 weight is required", nameof(weights));
        }

        if (result.Length != x.Length || scratchA.Length != x.Length || scratchB.Length != x.Length)
        {
            throw new ArgumentException($"every buffer must hold {x.Length} values");
        }

        var layers = weights.Length - 1;
        var nodes = adjacency.Rows;
        var targets = SortedArrays.SortDistinct(rows.ToArray());
        if (targets.Length > 0 && (targets[0] < 0 || targets[^1] >= nodes))
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"rows must lie in [0, {nodes})");
        }

        // needed[l]: rows where layer l must be known = the targets (for the readout) plus the neighbours of the rows
        // needed at layer l + 1 (the gather reads them). Marked in one node-sized map (an array per layer would be
        // garbage at every computation of the online engine): row r is needed at layer l iff stamp[r] == l + 1,
        // and the rows come out of it in ascending order without a sort.
        var needed = new int[layers + 1][];
        needed[layers] = targets;
        var stamp = ArrayPool<int>.Shared.Rent(nodes);
        try
        {
            Array.Clear(stamp, 0, nodes);
            for (var l = layers - 1; l >= 1; l--)
            {
                var mark = l + 1;
                var count = 0;
                foreach (var row in targets)
                {
                    if (stamp[row] != mark)
                    {
                        stamp[row] = mark;
                        count++;
                    }
                }

                foreach (var row in needed[l + 1])
                {
                    for (var k = adjacency.RowPointers[row]; k < adjacency.RowPointers[row + 1]; k++)
                    {
                        var column = adjacency.ColumnIndices[k];
                        if (stamp[column] != mark)
                        {
                            stamp[column] = mark;
                            count++;
                        }
                    }
                }

                var layer = new int[count];
                for (int r = 0, w = 0; w < count; r++)
                {
                    if (stamp[r] == mark)
                    {
                        layer[w++] = r;
                    }
                }

                needed[l] = layer;
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(stamp);
        }

        foreach (var row in targets)
        {
            var slice = result.AsSpan(row * dim, dim);
            if (weights[0] != 0f)
            {
                TensorPrimitives.Multiply(x.Slice(row * dim, dim), weights[0], slice);
            }
            else
            {
                slice.Clear();
            }
        }

        ReadOnlySpan<float> current = x;
        var next = scratchA;
        for (var l = 1; l <= layers; l++)
        {
            SparseKernels.MultiplyRows(adjacency, needed[l], current, next, dim);
            var weight = weights[l];
            if (weight != 0f)
            {
                foreach (var row in targets)
                {
                    var slice = result.AsSpan(row * dim, dim);
                    TensorPrimitives.MultiplyAdd(next.AsSpan(row * dim, dim), weight, slice, slice);
                }
            }

            current = next;
            next = ReferenceEquals(next, scratchA) ? scratchB : scratchA;
        }
    }
}
