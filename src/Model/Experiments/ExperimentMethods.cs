using UnlearnRec.Model.Baselines;

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

    /// <summary>
    /// UnlearnRec rows available in this build, run before the baselines (after Retrain). Empty until the Influence
    /// Encoder (src/Model/Influence) is merged — INTEGRATION POINT: add <see cref="UnlearnRecZeroShot"/> and
    /// <see cref="UnlearnRec"/> here together with the two cases in <see cref="Create"/>.
    /// </summary>
    public static IReadOnlyList<string> UnlearnRecMethods { get; } = [];

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
    /// <exception cref="ArgumentException">Unknown name, or an UnlearnRec row in a build without the Influence Encoder.</exception>
    public static IUnlearningMethod Create(string name, ExperimentMethodOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= new ExperimentMethodOptions();
        return name switch
        {
            RetrainMethod.MethodName => new RetrainMethod(options.RetrainEpochs),
            PartitionMethod.MethodName => new PartitionMethod(options.Partition),
            InfluenceFunctionMethod.MethodName => new InfluenceFunctionMethod(options.InfluenceFunction),
            ResidualPropagationMethod.MethodName => new ResidualPropagationMethod(),

            // INTEGRATION POINT (src/Model/Influence): construct the two UnlearnRec rows here, e.g.
            //   UnlearnRecZeroShot => new UnlearnRecZeroShotMethod(new EncoderOptions { ... }),
            //   UnlearnRec => new UnlearnRecMethod(new EncoderOptions { ... }, new FineTuneOptions { Epochs = options.FineTuneEpochs }),
            // and list both names in UnlearnRecMethods above.
            UnlearnRecZeroShot or UnlearnRec => throw new ArgumentException(
                $"'{name}' needs the Influence Encoder (src/Model/Influence), which is not part of this build"),
            _ => throw new ArgumentException($"unknown method '{name}' (known: {string.Join(", ", Known)})"),
        };
    }

    /// <summary>Creates every method of <paramref name="names"/>, in order.</summary>
    public static IReadOnlyList<IUnlearningMethod> CreateAll(IEnumerable<string> names, ExperimentMethodOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(names);
        return names.Select(n => Create(n, options)).ToArray();
    }
}
