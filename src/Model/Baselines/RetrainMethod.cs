using System.Diagnostics;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Baselines;

/// <summary>
/// Retrain (method.md §6.6), the exact-unlearning reference: the same backbone trained from scratch on the residual
/// graph with the original's trainer settings and stopping rule (best Recall@K, stop when it stops improving).
/// Its seconds are the whole wall time including the evaluations the stopping rule needs, since a real retrain has
/// to pay for them too.
/// </summary>
public sealed class RetrainMethod : IUnlearningMethod
{
    /// <summary>Row name.</summary>
    public const string MethodName = "retrain";

    /// <summary>Creates the method; <paramref name="epochs"/> overrides the original's epoch cap when given.</summary>
    public RetrainMethod(int? epochs = null)
    {
        if (epochs is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be at least 1");
        }

        Epochs = epochs;
    }

    /// <summary>Epoch cap override (null: the original's).</summary>
    public int? Epochs { get; }

    /// <inheritdoc />
    public string Name => MethodName;

    /// <inheritdoc />
    public double Prepare(UnlearningTask task) => 0;

    /// <inheritdoc />
    public UnlearningOutcome Unlearn(UnlearningTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        var backbone = Backbone.Create(task.Model.Kind, task.Model.Options);
        var options = Epochs is { } e ? task.Trainer with { Epochs = e } : task.Trainer;
        var trainer = new BackboneTrainer(backbone, options, task.Device);
        var result = trainer.Train(task.Residual, task.Test, r => task.Progress?.Invoke($"  retrain {Describe(r)}"), cancellationToken);
        return new UnlearningOutcome
        {
            Method = Name,
            Final = result.Final,
            Seconds = watch.Elapsed.TotalSeconds,
            PeakRssMb = ProcessMemory.PeakRssMb(),
            Extra = new Dictionary<string, double>
            {
                ["epochs_run"] = result.EpochsRun,
                ["best_epoch"] = result.BestEpoch,
                ["train_seconds"] = result.TrainSeconds,
            },
        };
    }

    /// <summary>A compact progress line for one epoch.</summary>
    internal static string Describe(EpochReport r) =>
        $"epoch {r.Epoch}/{r.Epochs} loss {r.Loss:F4} {r.Seconds:F1} s" + (r.Recall is { } rc ? $" recall {rc:F4}{(r.IsBest ? " *" : "")}" : "");
}
