namespace UnlearnRec.Model.Influence;

/// <summary>Which Influence Encoder parameters are trainable (method.md §3.4).</summary>
public enum EncoderPhase
{
    /// <summary>Nothing trains (zero-shot inference).</summary>
    Frozen,

    /// <summary>Pre-training: H⁰ and η train; the MLP stays at its identity initialisation (A3).</summary>
    Pretrain,

    /// <summary>Per-request fine-tuning: the MLP trains (with a copy of E0 held outside the encoder); H⁰ and η are frozen.</summary>
    FineTune,
}
