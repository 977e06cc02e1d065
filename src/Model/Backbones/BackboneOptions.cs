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

    /// <summary>λ_reg; null means the backbone's default (LightGCN 1e-7, SGL 1e-4, SimGCL 1e-7).</summary>
    public double? Reg { get; init; }

    /// <summary>Weight of the contrastive term (SGL λ_ssl, SimGCL λ_cl).</summary>
    public double ContrastiveWeight { get; init; } = 0.01;

    /// <summary>InfoNCE temperature τ (SGL and SimGCL).</summary>
    public double Temperature { get; init; } = 0.1;

    /// <summary>SGL: probability of keeping each stored adjacency value in a view.</summary>
    public double EdgeKeep { get; init; } = 0.8;

    /// <summary>SimGCL: noise magnitude ε.</summary>
    public double NoiseEpsilon { get; init; } = 0.2;

    /// <summary>The regularisation weight in effect for <paramref name="kind"/>.</summary>
    public double RegFor(BackboneKind kind) => Reg ?? kind switch
    {
        BackboneKind.Sgl => 1e-4,
        _ => 1e-7,
    };

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
