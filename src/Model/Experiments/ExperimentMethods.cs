using UnlearnRec.Model.Baselines;
using UnlearnRec.Model.Influence;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// The one place where the comparison table's methods are constructed by name. The experiment command and the tests
/// build their method lists here, so adding a method is adding a name and a constructor call below.
/// </summary>
public static class ExperimentMethods
{
    /// <summary>Name of UnlearnRec's zero-shot row.</summary>
    public const string UnlearnRecZeroShot = "unlearnrec-zero-shot";

    /// <summary>Name of UnlearnRec's fine-tuned row.</summary>
    public const string UnlearnRec = "unlearnrec";

    /// <summary>Baseline names accepted by <see cref="Create"/>, in table order.</summary>
    public static IReadOnlyList<string> Baselines { get; } =
        [RetrainMethod.MethodName, PartitionMethod.MethodName, InfluenceFunctionMethod.MethodName, ResidualPropagationMethod.MethodName];

    /// <summary>The baselines run when none are named.</summary>
    public static IReadOnlyList<string> DefaultBaselines { get; } =
        [RetrainMethod.MethodName, PartitionMethod.MethodName, InfluenceFunctionMethod.MethodName];

    /// <summary>UnlearnRec's rows, run after Retrain and before the other baselines.</summary>
    public static IReadOnlyList<string> UnlearnRecMethods { get; } = [UnlearnRecZeroShot, UnlearnRec];

    /// <summary>Every name <see cref="Create"/> accepts.</summary>
    public static IReadOnlyList<string> Known => [.. Baselines, .. UnlearnRecMethods];

    /// <summary>
    /// The default row order for a set of requested baselines: Retrain first (the reference; always included),
    /// then the UnlearnRec rows, then the other baselines in the order given.
    /// </summary>
    public static IReadOnlyList<string> Plan(IEnumerable<string> baselines)
    {
        ArgumentNullException.ThrowIfNull(baselines);
        var rest = baselines.Where(b => b != RetrainMethod.MethodName).Distinct(StringComparer.Ordinal);
        return [RetrainMethod.MethodName, .. UnlearnRecMethods, .. rest];
    }

    /// <summary>Creates the method called <paramref name="name"/>.</summary>
    /// <param name="name">Row name.</param>
    /// <param name="options">Method settings.</param>
    /// <param name="encoders">Shares one pre-trained encoder between UnlearnRec rows (pre-training is a one-off cost
    /// per model); a private cache is used when null.</param>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static IUnlearningMethod Create(string name, ExperimentMethodOptions? options = null, PretrainedEncoderCache? encoders = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new ExperimentMethodOptions();
        return name switch
        {
            RetrainMethod.MethodName => new RetrainMethod(options.RetrainEpochs),
            PartitionMethod.MethodName => new PartitionMethod(options.Partition),
            InfluenceFunctionMethod.MethodName => new InfluenceFunctionMethod(options.InfluenceFunction),
            ResidualPropagationMethod.MethodName => new ResidualPropagationMethod(),

            UnlearnRecZeroShot => new UnlearnRecZeroShotMethod(encoders ?? new PretrainedEncoderCache(options.Encoder)),
            UnlearnRec => new UnlearnRecMethod(encoders ?? new PretrainedEncoderCache(options.Encoder), options.FineTune),
            _ => throw new ArgumentException($"unknown method '{name}' (known: {string.Join(", ", Known)})"),
        };
    }

    /// <summary>Creates every method of <paramref name="names"/>, in order.</summary>
    public static IReadOnlyList<IUnlearningMethod> CreateAll(IEnumerable<string> names, ExperimentMethodOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        var encoders = new PretrainedEncoderCache((options ?? new ExperimentMethodOptions()).Encoder);
        return names.Select(n => Create(n, options, encoders)).ToArray();
    }
}
