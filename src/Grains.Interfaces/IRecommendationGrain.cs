namespace UnlearnRec.Grains.Interfaces;

/// <summary>Stateless worker answering top-k queries: scatter to every item shard, gather, k-way merge.</summary>
[Alias("UnlearnRec.Grains.Interfaces.IRecommendationGrain")]
public interface IRecommendationGrain : IGrainWithIntegerKey
{
    /// <summary>The k best unseen items for a user.</summary>
    [Alias("Recommend")]
    Task<Recommendation> RecommendAsync(long userId, int k);
}
