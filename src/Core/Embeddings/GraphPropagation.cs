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
        ArgumentNullException.ThrowIfNull(adjacency);
        ArgumentNullException.ThrowIfNull(aggregation);
        ArgumentOutOfRangeException.ThrowIfNegative(layers);
        var result = new float[ego.Length];
        var w0 = aggregation.Weight(0, layers);
        if (w0 != 0f)
        {
            TensorPrimitives.Multiply(ego, w0, result);
        }

        var current = ego.ToArray();
        var next = new float[ego.Length];
        for (var l = 1; l <= layers; l++)
        {
            SparseKernels.Multiply(adjacency, current, next, dim);
            TensorPrimitives.MultiplyAdd(next, aggregation.Weight(l, layers), result, result);
            (current, next) = (next, current);
        }

        return result;
    }
}
