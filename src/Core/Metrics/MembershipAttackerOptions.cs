namespace UnlearnRec.Core.Metrics;

/// <summary>Training settings of a <see cref="MembershipAttacker"/>; the defaults separate typical score distributions in well under a second.</summary>
public sealed record MembershipAttackerOptions
{
    /// <summary>Width of the hidden layer (tanh). Default 16.</summary>
    public int HiddenUnits { get; init; } = 16;

    /// <summary>Passes over the (balanced) training sample. Default 20.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Adam step size. Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>
    /// Label smoothing ε: targets are ε/2 and 1 − ε/2 instead of 0 and 1. Default 0.02. On separable data plain
    /// cross-entropy drives the logits towards infinity, so P_attack approaches exactly 0 or 1, and the MI ratios, which
    /// divide by a mean P_attack, become dominated by rounding. Smoothing gives the loss a finite optimum,
    /// logit = ±ln((1 − ε/2)/(ε/2)) ≈ ±4.6 for ε = 0.02, so P_attack stays close to [0.01, 0.99].
    /// </summary>
    public double LabelSmoothing { get; init; } = 0.02;

    /// <summary>Mini-batch size. Default 64.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Cap on training examples per class; each class is subsampled to min(|members|, |non-members|, cap) so the two
    /// classes are balanced and a million training edges do not make training slow. Default 10 000.
    /// </summary>
    public int MaxSamplesPerClass { get; init; } = 10_000;

    /// <summary>Seed of initialisation, subsampling and batch order. Default 42.</summary>
    public int Seed { get; init; } = 42;
}
