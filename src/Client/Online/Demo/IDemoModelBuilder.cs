using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Client.Online.Demo;

/// <summary>
/// The offline steps of the demo: train a backbone and pre-train the Influence Encoder (the silo then serves the
/// encoder's zero-shot corrections, because its default corrector factory reads the encoder from the bundle).
/// </summary>
public interface IDemoModelBuilder
{
    /// <summary>One line saying what kind of model this builder produces (printed by the demo).</summary>
    string Description { get; }

    /// <summary>Trains a backbone on a data directory, or on synthetic data when <paramref name="dataDirectory"/> is null.</summary>
    ModelBundle TrainBackbone(string? dataDirectory, DemoModelSettings settings, TextWriter log);

    /// <summary>Pre-trains the Influence Encoder for a trained backbone; returns the bundle to serve.</summary>
    ModelBundle PretrainEncoder(ModelBundle backbone, DemoModelSettings settings, TextWriter log);
}
