using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Core.Unlearning;

/// <summary>Always creates a <see cref="ResidualOnlyCorrector"/> (the control, and the fallback without an encoder).</summary>
public sealed class ResidualOnlyCorrectorFactory : IEgoCorrectorFactory
{
    /// <inheritdoc />
    public IEgoCorrector Create(ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new ResidualOnlyCorrector();
    }
}
