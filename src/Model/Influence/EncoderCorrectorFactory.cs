using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Unlearning;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// The influence engine's corrector for a bundle: the pre-trained Influence Encoder (zero-shot forward, fine-tuning
/// as consolidation) when the bundle carries one, otherwise the residual-graph-only control.
/// </summary>
public sealed class EncoderCorrectorFactory : IEgoCorrectorFactory
{
    private readonly Device _device;
    private readonly FineTuneOptions? _fineTune;

    /// <summary>Creates the factory for a compute device and optional consolidation settings.</summary>
    public EncoderCorrectorFactory(Device device, FineTuneOptions? fineTune = null)
    {
        _device = device ?? throw new ArgumentNullException(nameof(device));
        _fineTune = fineTune;
    }

    /// <inheritdoc />
    public IEgoCorrector Create(ModelBundle bundle) =>
        EncoderEgoCorrector.TryCreate(bundle, _device, _fineTune) ?? new ResidualOnlyCorrector();
}
