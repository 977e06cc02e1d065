using TorchSharp;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Torch;

/// <summary>
/// Run-time device choice (<c>--device auto|cpu|cuda</c>) and process-wide libtorch settings. CPU is the default and
/// the only device exercised here; CUDA is used when the CUDA build of libtorch is present and a GPU is visible.
/// </summary>
public static class ComputeDevice
{
    private static readonly Lock Gate = new();
    private static bool _initialised;

    /// <summary>
    /// Resolves a device name. <c>auto</c> picks CUDA when available, else CPU; <c>cuda</c> fails clearly when no
    /// CUDA device is usable.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown name, or CUDA requested but unavailable.</exception>
    public static Device Resolve(string? name)
    {
        var spec = (name ?? "auto").Trim().ToLowerInvariant();
        EnsureInitialised();
        return spec switch
        {
            "cpu" => CPU,
            "auto" => CudaAvailable() ? CUDA : CPU,
            "cuda" or "gpu" => CudaAvailable()
                ? CUDA
                : throw new ArgumentException("--device cuda was requested but no CUDA device is usable (this build references the CPU libtorch unless built with -p:TorchDevice=cuda)"),
            _ => throw new ArgumentException($"unknown device '{name}' (use auto, cpu or cuda)"),
        };
    }

    /// <summary>
    /// One-time libtorch setup: passive OpenMP waiting and a fixed allocator mmap threshold (see
    /// <see cref="NativeRuntime"/>), and intra-op threads. Our own kernels parallelise sparse products; libtorch's thread pool
    /// only serves the dense parts, so it gets the same core count (configurable for silos that share the machine).
    /// </summary>
    public static void EnsureInitialised(int? threads = null)
    {
        lock (Gate)
        {
            if (_initialised && threads is null)
            {
                return;
            }

            // before the first libtorch call: libgomp reads its settings when it is loaded
            NativeRuntime.Tune();
            var n = threads ?? (int.TryParse(Environment.GetEnvironmentVariable("UNLEARNREC_TORCH_THREADS"), out var t) ? t : Math.Max(1, Environment.ProcessorCount));
            torch.set_num_threads(n);
            _initialised = true;
        }
    }

    private static bool CudaAvailable()
    {
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception e) when (e is DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            return false;
        }
    }
}
