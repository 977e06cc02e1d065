using System.Numerics.Tensors;
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
}
