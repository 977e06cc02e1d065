using UnlearnRec.Core.Bundles;

namespace UnlearnRec.Core.Unlearning;

/// <summary>
/// Creates the <see cref="IEgoCorrector"/> for a loaded model bundle. The influence engine receives a factory rather
/// than a corrector so the host decides which implementation fits the bundle (the pre-trained Influence Encoder when
/// the bundle carries one, <see cref="ResidualOnlyCorrector"/> otherwise) without the engine knowing about either.
/// </summary>
public interface IEgoCorrectorFactory
{
    /// <summary>Builds a corrector for <paramref name="bundle"/>; called once, before the engine's thread starts.</summary>
    IEgoCorrector Create(ModelBundle bundle);
}
