namespace UnlearnRec.Grains.Interfaces;

/// <summary>Well-known grain keys.</summary>
public static class GrainKeys
{
    /// <summary>Key of the single <see cref="IInfluenceGrain"/> activation.</summary>
    public const string InfluencePrimary = "primary";

    /// <summary>Key used for stateless-worker grains (the key carries no meaning for them).</summary>
    public const long StatelessWorker = 0;
}
