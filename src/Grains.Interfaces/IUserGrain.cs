using Orleans.Concurrency;

namespace UnlearnRec.Grains.Interfaces;

/// <summary>Serves one user (key: original user id): final embedding, remaining interactions, version watermark.</summary>
[Alias("UnlearnRec.Grains.Interfaces.IUserGrain")]
public interface IUserGrain : IGrainWithIntegerKey
{
    /// <summary>Applies the user's part of a correction batch; returns true when the stored state changed.</summary>
    [Alias("Apply")]
    Task<bool> ApplyAsync(UserUpdate update);

    /// <summary>What the grain serves.</summary>
    [Alias("GetView")]
    [ReadOnly]
    Task<UserServingView> GetViewAsync();
}
