using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Unlearning;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Bundles;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Influence;

/// <summary>
/// The online engine's ego corrector backed by a pre-trained Influence Encoder: <see cref="Correct(UnlearningState)"/> is the
/// zero-shot Ẽ0 for the state's cumulative forgotten set (always against the ORIGINAL E0/Ē of the state,
/// method.md §5.3), <see cref="Consolidate"/> is the §5.2 fine-tuning; after a consolidation, corrections are
/// E0′ + MLP′(ΔE0), i.e. they build on what fine-tuning learned. Called only on the engine's thread, one call at a time.
/// </summary>
public sealed class EncoderEgoCorrector : IEgoCorrector
{
    private readonly Backbone _backbone;
    private readonly InfluenceEncoderState _encoder;
    private readonly FineTuneOptions _fineTune;
    private readonly Device _device;
    private readonly FineTunedEncoder? _initialTuned;
    private InfluenceUnlearner? _unlearner;
    private IncrementalEncoderForward? _forward;
    private object? _forwardParameters;

    /// <summary>Creates a corrector.</summary>
    /// <param name="backbone">The model's backbone (L_M for consolidation).</param>
    /// <param name="encoder">Pre-trained encoder.</param>
    /// <param name="fineTune">Consolidation settings.</param>
    /// <param name="device">Compute device.</param>
    /// <param name="tuned">Fine-tuned state to continue from (e.g. stored in the bundle by an earlier <c>unlearn</c>).</param>
    public EncoderEgoCorrector(Backbone backbone, InfluenceEncoderState encoder, FineTuneOptions fineTune, Device device, FineTunedEncoder? tuned = null)
    {
        _backbone = backbone ?? throw new ArgumentNullException(nameof(backbone));
        _encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        _fineTune = fineTune ?? throw new ArgumentNullException(nameof(fineTune));
        _device = device ?? throw new ArgumentNullException(nameof(device));
        fineTune.Validate();
        _initialTuned = tuned;
    }

    /// <inheritdoc />
    public string Name => "influence-encoder";

    /// <summary>The pre-training request ratio ρ_pre: the encoder was trained for forgotten sets up to this fraction.</summary>
    public double MaxForgetRatio => _encoder.Options.RhoPre;

    /// <summary>
    /// The corrector for a bundle with a pre-trained encoder (continuing from its stored fine-tuned state, if any), or
    /// null when the bundle has no encoder (the host then falls back to <see cref="ResidualOnlyCorrector"/>).
    /// </summary>
    public static IEgoCorrector? TryCreate(ModelBundle bundle, Device device, FineTuneOptions? fineTune = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(device);
        var encoder = InfluenceEncoderBundles.ReadEncoder(bundle);
        if (encoder is null)
        {
            return null;
        }

        var model = BackboneBundles.Read(bundle);
        return new EncoderEgoCorrector(Backbone.Create(model.Kind, model.Options), encoder, fineTune ?? new FineTuneOptions(), device, InfluenceEncoderBundles.ReadTuned(bundle));
    }

    /// <summary>
    /// Ẽ0 for the state's forgotten set. Computed by <see cref="IncrementalEncoderForward"/> (plain C#, only the rows the
    /// edges added since the previous call can move); it equals the tensor path
    /// (<see cref="InfluenceUnlearner.CorrectEgo"/>) up to float rounding in the MLP.
    /// </summary>
    public float[] Correct(UnlearningState state) => Correct(state, null);

    /// <inheritdoc />
    public float[] Correct(UnlearningState state, float[]? buffer)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unlearner = UnlearnerFor(state);
        // the forward pass depends on the encoder and on the fine-tuned MLP and E0′, which a consolidation replaces
        var parameters = (object?)unlearner.Tuned ?? unlearner;
        if (_forward is null || !ReferenceEquals(_forwardParameters, parameters))
        {
            var tuned = unlearner.Tuned;
            var encoder = tuned is null ? unlearner.Encoder : unlearner.Encoder with { Weights = tuned.Weights, Biases = tuned.Biases };
            _forward = new IncrementalEncoderForward(encoder, state.Ego, tuned?.Ego ?? state.Ego, state.Final, state.UserCount, state.ItemCount);
            _forwardParameters = parameters;
        }

        return _forward.Correct(state.Forgotten, buffer);
    }

    /// <inheritdoc />
    public float[]? Consolidate(UnlearningState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var unlearner = UnlearnerFor(state);
        if (state.Forgotten.Count == 0 || _fineTune.Epochs == 0)
        {
            return unlearner.CorrectEgo(state.Forgotten);
        }

        // no test split online: the early stop checks MI-NG only
        return unlearner.FineTune(state.Forgotten, _fineTune, state.Residual, cancellationToken: cancellationToken).Ego;
    }

    private InfluenceUnlearner UnlearnerFor(UnlearningState state)
    {
        if (_unlearner is not null && ReferenceEquals(_unlearner.Original, state.Original))
        {
            return _unlearner;
        }

        if (state.Dim != _backbone.Options.Dim || state.Layers != _backbone.Options.Layers || state.Original.NodeCount != _encoder.Nodes)
        {
            throw new InvalidOperationException($"engine state ({state.Original.NodeCount} nodes, dim {state.Dim}, {state.Layers} layers) does not match the encoder ({_encoder.Nodes} nodes, dim {_encoder.Dim}, {_encoder.Layers} layers)");
        }

        var previous = _unlearner?.Tuned ?? _initialTuned;
        _unlearner = new InfluenceUnlearner(_backbone, state.Original, state.Ego, state.Final, _encoder, _device);
        if (previous is not null)
        {
            _unlearner.Restore(previous);
        }

        return _unlearner;
    }
}
