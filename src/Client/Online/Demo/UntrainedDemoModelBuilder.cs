using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Engine;

namespace UnlearnRec.Client.Online.Demo;

/// <summary>
/// Stand-in until the offline trainers are wired into the demo: an <b>untrained</b> backbone (random ego embeddings,
/// exact propagation) and no encoder (the residual-graph-only corrector). Everything online is real.
/// </summary>
public sealed class UntrainedDemoModelBuilder : IDemoModelBuilder
{
    /// <inheritdoc />
    public string Description => "UNTRAINED model (random E0, exact propagation) and no pre-trained encoder (residual-graph corrector); the offline trainers plug in here";

    /// <inheritdoc />
    public IEgoCorrectorFactory CorrectorFactory { get; } = new ResidualOnlyCorrectorFactory();

    /// <inheritdoc />
    public ModelBundle TrainBackbone(string? dataDirectory, DemoModelSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        if (dataDirectory is not null)
        {
            var dataset = TrainSplitReader.Read(dataDirectory);
            log.WriteLine($"  data: {dataset.Name}: {dataset.UserCount} users, {dataset.ItemCount} items, {dataset.Train.Count} training interactions");
            log.WriteLine("  backbone: not trained (untrained stand-in): random E0, exact propagation");
            return UntrainedBundleFactory.FromDataset(dataset, settings.Model, settings.Dim, settings.Layers, settings.Seed);
        }

        log.WriteLine($"  data: synthetic, {settings.Users} users × {settings.Items} items, {settings.InteractionsPerUser} interactions per user (seed {settings.Seed})");
        log.WriteLine("  backbone: not trained (untrained stand-in): random E0, exact propagation");
        return UntrainedBundleFactory.Synthetic(new SyntheticBundleSpec
        {
            Users = settings.Users,
            Items = settings.Items,
            InteractionsPerUser = settings.InteractionsPerUser,
            Dim = settings.Dim,
            Layers = settings.Layers,
            Model = settings.Model,
            Seed = settings.Seed,
        });
    }

    /// <inheritdoc />
    public ModelBundle PretrainEncoder(ModelBundle backbone, DemoModelSettings settings, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine("  encoder: not pre-trained (untrained stand-in): unlearning uses the residual graph only");
        return backbone;
    }
}
