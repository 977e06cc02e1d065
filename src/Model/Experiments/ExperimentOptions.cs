using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Experiments;

/// <summary>Settings of one experiment run (<see cref="ExperimentRunner"/>).</summary>
public sealed record ExperimentOptions
{
    /// <summary>Backbone to train and unlearn.</summary>
    public BackboneKind Kind { get; init; } = BackboneKind.LightGcn;

    /// <summary>Backbone hyper-parameters.</summary>
    public BackboneOptions Backbone { get; init; } = new();

    /// <summary>Trainer settings of the original model (Retrain and the shard models reuse them).</summary>
    public TrainerOptions Trainer { get; init; } = new();

    /// <summary>Epoch cap of the clean model that crafts the adversarial edges (null: <see cref="Trainer"/>'s).</summary>
    public int? AttackEpochs { get; init; }

    /// <summary>Request protocol.</summary>
    public ExperimentProtocol Protocol { get; init; } = ExperimentProtocol.Adversarial;

    /// <summary>
    /// Adversarial: fraction r of users and of items that get an injected edge; random: fraction of training edges.
    /// Null uses <see cref="DefaultRatio"/>.
    /// </summary>
    public double? Ratio { get; init; }

    /// <summary>Number of sequential request parts T (1 = one-shot).</summary>
    public int Sequential { get; init; } = 1;

    /// <summary>Seed of the attack, the request, the schedule and the metric samples.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Random-negative draws averaged for MI-NG (method.md §6.4: 5).</summary>
    public int NegativeDraws { get; init; } = 5;

    /// <summary>Whether to train the membership-inference attacker and report its MI ratios.</summary>
    public bool Attacker { get; init; } = true;

    /// <summary>Training edges (and as many non-edges) the attacker is trained on, at most.</summary>
    public int AttackerSamples { get; init; } = 10_000;

    /// <summary>Residual training edges scored as "positives" for the score statistics and the figure, at most.</summary>
    public int PositiveSamples { get; init; } = 10_000;

    /// <summary>
    /// When set, the original model (trained on the attacked graph for the adversarial protocol) is saved here as
    /// <c>bundle/</c>, with <c>request.tsv</c> (the edges to forget) and <c>train.tsv</c> (the original model's training
    /// edges), all in original ids: the inputs for replaying the experiment's request through the online system.
    /// </summary>
    public string? SaveOriginalTo { get; init; }

    /// <summary>The ratio in effect.</summary>
    public double EffectiveRatio => Ratio ?? DefaultRatio(Protocol);

    /// <summary>Default ratio of a protocol: r = 1 for adversarial (the authors' ML-1M "lightgcn" attack), 0.3 % for random.</summary>
    public static double DefaultRatio(ExperimentProtocol protocol) => protocol == ExperimentProtocol.Adversarial ? 1.0 : RandomRequest.DefaultRatio;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        Backbone.Validate();
        Trainer.Validate();
        var r = EffectiveRatio;
        if (Protocol == ExperimentProtocol.Adversarial ? !(r > 0 && r <= 1) : !(r > 0 && r < 1))
        {
            throw new ArgumentException($"ratio {r} is out of range for the {Protocol.ToString().ToLowerInvariant()} protocol");
        }

        if (Sequential is < 1 or > 1000 || NegativeDraws is < 1 or > 100 || AttackerSamples < 1 || PositiveSamples < 1 || AttackEpochs is < 1)
        {
            throw new ArgumentException("sequential must be in 1..1000, negative draws in 1..100, samples and attack epochs >= 1");
        }
    }
}
