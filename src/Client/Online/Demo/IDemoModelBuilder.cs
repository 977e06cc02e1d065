using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Unlearning;

namespace UnlearnRec.Client.Online.Demo;

/// <summary>
/// The offline steps of the demo: train a backbone and pre-train the Influence Encoder. The demo calls these two
/// methods only, so wiring the real trainers in (the offline <c>train</c>/<c>pretrain</c> code) means providing another
/// implementation of this interface.
/// </summary>
public interface IDemoModelBuilder
{
    /// <summary>One line saying what kind of model this builder produces (printed by the demo).</summary>
    string Description { get; }

    /// <summary>Trains a backbone on a data directory, or on synthetic data when <paramref name="dataDirectory"/> is null.</summary>
    ModelBundle TrainBackbone(string? dataDirectory, DemoModelSettings settings, TextWriter log);

    /// <summary>Pre-trains the Influence Encoder for a trained backbone; returns the bundle to serve.</summary>
    ModelBundle PretrainEncoder(ModelBundle backbone, DemoModelSettings settings, TextWriter log);

    /// <summary>The ego corrector the served model uses (the encoder's zero-shot forward once it exists).</summary>
    IEgoCorrectorFactory CorrectorFactory { get; }
}
