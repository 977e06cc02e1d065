using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Bundles;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// One unlearning request against a trained model, with everything a method may need: the model and the graph it
/// was trained on, the edges to forget, the residual graph, the test graph, the original's trainer settings (for
/// methods that retrain) and the device.
/// </summary>
public sealed record UnlearningTask
{
    /// <summary>The trained model (E0, Ē, hyper-parameters, data set whose <c>Train</c> is <see cref="Original"/>'s edges).</summary>
    public required TrainedBackbone Model { get; init; }

    /// <summary>The graph the model was trained on (contains <see cref="Request"/>).</summary>
    public required BipartiteGraph Original { get; init; }

    /// <summary>Edges to forget, dense ids; for sequential requests the cumulative union so far.</summary>
    public required EdgeList Request { get; init; }

    /// <summary>The newest request alone (equal to <see cref="Request"/> for a one-shot request).</summary>
    public EdgeList? Increment { get; init; }

    /// <summary><see cref="Original"/> minus <see cref="Request"/>.</summary>
    public required BipartiteGraph Residual { get; init; }

    /// <summary>Held-out test interactions.</summary>
    public required BipartiteGraph Test { get; init; }

    /// <summary>Trainer settings of the original model (Retrain and partition baselines reuse them).</summary>
    public required TrainerOptions Trainer { get; init; }

    /// <summary>Compute device.</summary>
    public required Device Device { get; init; }

    /// <summary>Seed for anything random the method does.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Progress sink (stderr in the CLI).</summary>
    public Action<string>? Progress { get; init; }
}
