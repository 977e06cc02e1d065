using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Influence;

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

    /// <summary>Influence Encoder pre-training settings (UnlearnRec rows).</summary>
    public EncoderOptions Encoder { get; init; } = new();

    /// <summary>UnlearnRec fine-tuning settings (the "unlearnrec" row).</summary>
    public FineTuneOptions FineTune { get; init; } = new();
}
