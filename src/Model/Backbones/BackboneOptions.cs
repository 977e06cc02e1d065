namespace UnlearnRec.Model.Backbones;

/// <summary>
/// Architecture and loss hyper-parameters of a backbone (method.md §2). Defaults follow the authors' code where the
/// issue does not override them (embedding width 64 here).
/// </summary>
public sealed record BackboneOptions
{
    /// <summary>Embedding width d.</summary>
    public int Dim { get; init; } = 64;

    /// <summary>Propagation layers L.</summary>
    public int Layers { get; init; } = 3;

    /// <summary>λ_reg; null means the backbone's default (1e-7 for all three; see <see cref="RegFor"/>).</summary>
    public double? Reg { get; init; }

    /// <summary>Weight of the contrastive term (SGL λ_ssl, SimGCL λ_cl).</summary>
    public double ContrastiveWeight { get; init; } = 0.01;

    /// <summary>InfoNCE temperature τ (SGL and SimGCL).</summary>
    public double Temperature { get; init; } = 0.1;

    /// <summary>SGL: probability of keeping each stored adjacency value in a view.</summary>
    public double EdgeKeep { get; init; } = 0.8;

    /// <summary>SimGCL: noise magnitude ε.</summary>
    public double NoiseEpsilon { get; init; } = 0.2;

    /// <summary>
    /// The regularisation weight in effect for <paramref name="kind"/>: 1e-7 for every backbone. Why not SGL's 1e-4
    /// from the authors' checkpoint names (method.md §2.2): with a batch-mean BPR and the L2 term summed over the batch
    /// rows it dominates the gradient and collapses the embeddings — on ml-100k after 10 epochs (batch 2048) SGL
    /// reaches Recall@20 0.035 with 1e-4, 0.082 with 1e-6, 0.280 with 1e-7 and 0.283 with 0 (LightGCN 0.254).
    /// </summary>
    public double RegFor(BackboneKind kind) => Reg ?? 1e-7;

    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (Dim is < 1 or > 4096)
        {
            throw new ArgumentException($"dim must be in 1..4096 (got {Dim})");
        }

        if (Layers is < 0 or > 16)
        {
            throw new ArgumentException($"layers must be in 0..16 (got {Layers})");
        }

        if (Reg is < 0)
        {
            throw new ArgumentException("reg must be non-negative");
        }

        if (EdgeKeep is <= 0 or > 1)
        {
            throw new ArgumentException("edge keep probability must be in (0, 1]");
        }

        if (Temperature <= 0)
        {
            throw new ArgumentException("temperature must be positive");
        }
    }
}
