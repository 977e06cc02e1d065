namespace UnlearnRec.Model.Influence;

/// <summary>
/// What per-request fine-tuning learned (method.md §5.2–5.3): the trained copy E0′ of the 0-layer embeddings and the
/// trained MLP. Later requests start from it, and zero-shot corrections after it compute E0′ + MLP′(ΔE0).
/// </summary>
/// <param name="Ego">E0′ (N×d).</param>
/// <param name="Weights">MLP weights W_k (d×d, input × output).</param>
/// <param name="Biases">MLP biases b_k (d).</param>
public sealed record FineTunedEncoder(float[] Ego, IReadOnlyList<float[]> Weights, IReadOnlyList<float[]> Biases);
