namespace UnlearnRec.Model.Experiments;

/// <summary>How the unlearning request is chosen (method.md §6.2).</summary>
public enum ExperimentProtocol
{
    /// <summary>Inject least-related edges into the clean graph, train on the attacked graph, unlearn the injected edges.</summary>
    Adversarial,

    /// <summary>Train on the real graph, unlearn a random fraction of its edges.</summary>
    Random,
}
