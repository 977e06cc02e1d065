using TorchSharp;
using UnlearnRec.Core.Graphs;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Torch;

/// <summary>
/// A normalised adjacency ready for differentiable propagation on a device: on CPU the custom SIMD kernel
/// (<see cref="SparsePropagationFunction"/>), elsewhere libtorch's sparse mm on a COO copy made once.
/// </summary>
public sealed class PropagationGraph : IDisposable
{
    private Tensor? _deviceMatrix;

    /// <summary>Wraps a CSR matrix for use on <paramref name="device"/>.</summary>
    public PropagationGraph(CsrMatrix matrix, Device device)
    {
        Matrix = matrix ?? throw new ArgumentNullException(nameof(matrix));
        Device = device ?? throw new ArgumentNullException(nameof(device));
    }

    /// <summary>The CSR matrix.</summary>
    public CsrMatrix Matrix { get; }

    /// <summary>Device of the tensors this graph propagates.</summary>
    public Device Device { get; }

    /// <summary>Number of nodes.</summary>
    public int Nodes => Matrix.Rows;

    /// <summary>A·X, differentiable with respect to X.</summary>
    public Tensor Propagate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Device.type == DeviceType.CPU)
        {
            return SparsePropagationFunction.apply(Matrix, x);
        }

        _deviceMatrix ??= ToSparseTensor(Matrix, Device);
        return mm(_deviceMatrix, x);
    }

    /// <summary>
    /// Σ_l w_l Aˡ X (l = 0..weights.Length−1) as one differentiable operation; on CPU a fused kernel, elsewhere a
    /// chain of sparse products.
    /// </summary>
    public Tensor Readout(Tensor x, float[] weights)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Length == 0)
        {
            throw new ArgumentException("at least the layer-0 weight is required", nameof(weights));
        }

        if (Device.type == DeviceType.CPU)
        {
            return GraphReadoutFunction.apply(Matrix, weights, x);
        }

        Tensor? sum = weights[0] == 0f ? null : x * weights[0];
        var current = x;
        for (var l = 1; l < weights.Length; l++)
        {
            current = Propagate(current);
            if (weights[l] != 0f)
            {
                sum = sum is null ? current * weights[l] : sum + (current * weights[l]);
            }
        }

        return sum ?? zeros_like(x);
    }

    /// <summary>
    /// A view of this graph with every stored value kept independently with probability <paramref name="keep"/> and
    /// rescaled by 1/keep, without re-normalisation (SGL's edge drop as in method.md §2.2, and L_c's perturbed IDM).
    /// </summary>
    public PropagationGraph DropValues(double keep, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var src = Matrix.Values;
        var values = new float[src.Length];
        var scale = (float)(1.0 / keep);
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = random.NextDouble() < keep ? src[k] * scale : 0f;
        }

        return new PropagationGraph(Matrix.WithValues(values, valuesSymmetric: false), Device);
    }

    /// <inheritdoc />
    public void Dispose() => _deviceMatrix?.Dispose();

    private static Tensor ToSparseTensor(CsrMatrix m, Device device)
    {
        var rows = new long[m.NonZeros];
        var cols = new long[m.NonZeros];
        for (var i = 0; i < m.Rows; i++)
        {
            for (var k = m.RowPointers[i]; k < m.RowPointers[i + 1]; k++)
            {
                rows[k] = i;
                cols[k] = m.ColumnIndices[k];
            }
        }

        using var idx = stack([tensor(rows), tensor(cols)]);
        using var vals = tensor(m.Values);
        using var coo = sparse_coo_tensor(idx, vals, [m.Rows, m.Columns]);
        return coo.to(device);
    }
}
