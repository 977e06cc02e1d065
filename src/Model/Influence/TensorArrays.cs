using TorchSharp.Modules;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>Conversions between managed float arrays and tensors that never alias the managed memory.</summary>
internal static class TensorArrays
{
    /// <summary>
    /// A tensor with its own storage holding a copy of <paramref name="data"/> (TorchSharp's array constructor copies;
    /// a test pins that down). Parameters are updated in place by the optimiser, which must never write into an array
    /// someone else holds (a shared pre-trained encoder, a bundle's E0).
    /// </summary>
    public static Tensor Copy(float[] data, long[] shape, Device device) => tensor(data, shape, device: device);

    /// <summary>A parameter holding a copy of <paramref name="data"/>.</summary>
    public static Parameter Parameter(float[] data, long[] shape, Device device, bool requiresGrad)
    {
        // the parameter takes over the tensor's native handle; disposing the emptied wrapper keeps the live count exact
        using var t = Copy(data, shape, device);
        return new Parameter(t, requiresGrad);
    }

    /// <summary>Copies a tensor to a new managed array (row-major).</summary>
    public static float[] ToArray(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        if (cpu.dtype == ScalarType.Float32)
        {
            // one block copy of the native buffer; the element accessor copies value by value (~4 ms per engine
            // computation on ml-1m)
            var values = new float[cpu.numel()];
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(cpu.bytes).CopyTo(values);
            return values;
        }

        return cpu.data<float>().ToArray();
    }

    /// <summary>Dense node indices of edges as int64 tensors: user rows and item rows (item + user count).</summary>
    public static (Tensor Users, Tensor Items) EdgeNodes(Core.Data.EdgeList edges, int userCount, Device device)
    {
        var u = new long[edges.Count];
        var v = new long[edges.Count];
        for (var e = 0; e < edges.Count; e++)
        {
            u[e] = edges.Users[e];
            v[e] = (long)edges.Items[e] + userCount;
        }

        return (tensor(u, device: device), tensor(v, device: device));
    }
}
