using System.Buffers;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using TorchSharp;
using UnlearnRec.Core.Graphs;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Torch;

/// <summary>
/// Fused autograd function for a whole linear readout Y = Σ_{l=0..L} w_l Aˡ X (LightGCN/SGL/SimGCL main branches,
/// the Influence Encoder's H̄ and withdraw chain). One autograd node instead of ~3L: the forward runs L sparse
/// products into pooled scratch buffers and accumulates in place; the backward evaluates
/// dX = Σ_l w_l (Aᵀ)ˡ dY by Horner's rule, w_0 dY + Aᵀ(w_1 dY + Aᵀ(w_2 dY + …)), which is again L products.
/// This keeps per-step tensor allocations (and libtorch dispatch overhead) to the output and the gradient.
/// </summary>
internal sealed class GraphReadoutFunction : autograd.SingleTensorFunction<GraphReadoutFunction>
{
    private const string MatrixKey = "matrix";
    private const string WeightsKey = "weights";

    /// <inheritdoc />
    public override string Name => "GraphReadout";

    /// <inheritdoc />
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(vars);
        var matrix = (CsrMatrix)vars[0];
        var weights = (float[])vars[1];
        var x = (Tensor)vars[2];
        ctx.save_data(MatrixKey, matrix);
        ctx.save_data(WeightsKey, weights);
        return Compute(matrix, weights, x);
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var matrix = ((CsrMatrix)ctx.get_data(MatrixKey)).Transpose();
        var weights = (float[])ctx.get_data(WeightsKey);
        return [null!, null!, Horner(matrix, weights, grad_output)];
    }

    /// <summary>Y = Σ w_l Aˡ X without autograd.</summary>
    internal static Tensor Compute(CsrMatrix matrix, float[] weights, Tensor x)
    {
        CheckInput(x);
        var dim = (int)x.shape[1];
        var n = matrix.Rows * dim;
        using var input = x.is_contiguous() ? x.alias() : x.contiguous();
        var output = zeros(matrix.Rows, dim, ScalarType.Float32);
        var layers = weights.Length - 1;
        var a = ArrayPool<float>.Shared.Rent(n);
        var b = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var src = MemoryMarshalFloats(input);
            var acc = MemoryMarshalFloats(output);
            if (weights[0] != 0f)
            {
                TensorPrimitives.Multiply(src, weights[0], acc);
            }

            ReadOnlySpan<float> current = src;
            var next = a.AsSpan(0, n);
            var spare = b.AsSpan(0, n);
            for (var l = 1; l <= layers; l++)
            {
                SparseKernels.Multiply(matrix, current, next, dim);
                if (weights[l] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(next, weights[l], acc, acc);
                }

                current = next;
                var swap = next;
                next = spare;
                spare = swap;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a);
            ArrayPool<float>.Shared.Return(b);
        }

        return output;
    }

    /// <summary>Σ w_l (A)ˡ G evaluated as w_0 G + A(w_1 G + A(… + A(w_L G))).</summary>
    internal static Tensor Horner(CsrMatrix matrix, float[] weights, Tensor g)
    {
        CheckInput(g);
        var dim = (int)g.shape[1];
        var n = matrix.Rows * dim;
        using var grad = g.is_contiguous() ? g.alias() : g.contiguous();
        var output = empty(matrix.Rows, dim, ScalarType.Float32);
        var layers = weights.Length - 1;
        var gs = MemoryMarshalFloats(grad);
        var result = MemoryMarshalFloats(output);
        if (layers == 0)
        {
            TensorPrimitives.Multiply(gs, weights[0], result);
            return output;
        }

        var a = ArrayPool<float>.Shared.Rent(n);
        var b = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var acc = a.AsSpan(0, n);
            var tmp = b.AsSpan(0, n);
            TensorPrimitives.Multiply(gs, weights[layers], acc);
            for (var l = layers - 1; l >= 0; l--)
            {
                // acc ← w_l G + A·acc ; the last round writes straight into the output tensor
                var target = l == 0 ? result : tmp;
                SparseKernels.Multiply(matrix, acc, target, dim);
                if (weights[l] != 0f)
                {
                    TensorPrimitives.MultiplyAdd(gs, weights[l], target, target);
                }

                if (l > 0)
                {
                    var swap = acc;
                    acc = tmp;
                    tmp = swap;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(a);
            ArrayPool<float>.Shared.Return(b);
        }

        return output;
    }

    private static void CheckInput(Tensor x)
    {
        if (x.device_type != DeviceType.CPU || x.dtype != ScalarType.Float32 || x.dim() != 2)
        {
            throw new ArgumentException($"graph readout needs a 2-D float32 CPU tensor, got {x.dtype} {string.Join("x", x.shape)} on {x.device}");
        }
    }

    private static Span<float> MemoryMarshalFloats(Tensor t) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.bytes);
}
