using UnlearnRec.Model.Baselines;

namespace UnlearnRec.Model.Experiments;

/// <summary>Settings the method factory (<see cref="ExperimentMethods.Create"/>) passes on to each method.</summary>
public sealed record ExperimentMethodOptions
{
    /// <summary>Partition baseline settings.</summary>
    public PartitionOptions Partition { get; init; } = new();

    /// <summary>Influence-function baseline settings.</summary>
    public InfluenceFunctionOptions InfluenceFunction { get; init; } = new();

    /// <summary>Epoch cap of the Retrain baseline (null: the original's).</summary>
    public int? RetrainEpochs { get; init; }

    /// <summary>Fine-tuning epochs of UnlearnRec (method.md A9 default 3); used by the UnlearnRec rows once integrated.</summary>
    public int FineTuneEpochs { get; init; } = 3;
}
