using System.Diagnostics;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Torch;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Baselines;

/// <summary>
/// The control of method.md §7.2: keep E0 unchanged and only propagate it on the residual graph Â_r (the request's
/// edges removed, degrees recomputed). Any unlearning method that changes E0 should beat this; it isolates how much
/// forgetting comes from the graph change alone.
/// </summary>
public sealed class ResidualPropagationMethod : IUnlearningMethod
{
    /// <summary>Row name.</summary>
    public const string MethodName = "residual-propagation";

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
        float[] final;
        using (var graph = new PropagationGraph(task.Residual.NormalizedAdjacency(), task.Device))
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var ego = tensor(task.Model.Ego, [task.Model.Nodes, task.Model.Options.Dim], device: task.Device);
            final = BackboneTrainer.ToArray(backbone.Forward(graph, ego));
        }

        return new UnlearningOutcome { Method = Name, Final = final, Seconds = watch.Elapsed.TotalSeconds, PeakRssMb = ProcessMemory.PeakRssMb() };
    }
}
