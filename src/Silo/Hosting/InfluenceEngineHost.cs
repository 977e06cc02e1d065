using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Grains.Influence;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Silo.Hosting;

/// <summary>
/// Loads the influence engine of a gpu-role silo in the background when the host starts (so the silo joins the
/// cluster at once; readiness waits for the model) and disposes it when the host stops.
/// </summary>
public sealed class InfluenceEngineHost(
    IModelBundleSource source,
    IEgoCorrectorFactory correctorFactory,
    IOptions<InfluenceEngineOptions> options,
    ILogger<InfluenceEngineHost> logger) : IInfluenceEngineHost, IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IInfluenceEngine> _engine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loading;

    /// <inheritdoc />
    public bool IsLoaded => _engine.Task.IsCompletedSuccessfully;

    /// <inheritdoc />
    public string? LoadError => _engine.Task.IsFaulted ? _engine.Task.Exception?.InnerException?.Message : null;

    /// <inheritdoc />
    public Task<IInfluenceEngine> GetEngineAsync(CancellationToken cancellationToken) => _engine.Task.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loading = Task.Run(Load, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_loading is not null)
        {
            await _loading.ConfigureAwait(false);
        }

        if (_engine.Task.IsCompletedSuccessfully)
        {
            await _engine.Task.Result.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Load()
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            SiloLogMessages.LoadingModel(logger, source.Description);
            var bundle = source.Load();
            if (options.Value.KernelParallelism > 0)
            {
                // this process serves; its only heavy kernels are the engine's (see InfluenceEngineOptions.KernelParallelism)
                UnlearnRec.Core.Graphs.SparseKernels.MaxDegreeOfParallelism = options.Value.KernelParallelism;
            }

            var engine = InfluenceEngine.Create(bundle, options.Value, correctorFactory);
            var d = engine.Describe();
            SiloLogMessages.ModelLoaded(logger, d.Model, d.Dataset, d.UserCount, d.ItemCount, d.TrainEdges, engine.CorrectorName, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _engine.TrySetResult(engine);
        }
        catch (Exception e)
        {
            SiloLogMessages.ModelLoadFailed(logger, e, source.Description);
            _engine.TrySetException(e);
        }
    }
}
