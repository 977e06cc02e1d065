using System.Collections.Frozen;

namespace UnlearnRec.Core.Data;

/// <summary>
/// Bidirectional map between original (external) integer ids and dense indices 0..Count-1.
/// Immutable once built; the dense index of an id is its position in <see cref="OriginalIds"/>.
/// </summary>
public sealed class IdMap
{
    private readonly FrozenDictionary<long, int> _index;

    /// <summary>Creates a map whose dense index i corresponds to <paramref name="originalIds"/>[i].</summary>
    /// <exception cref="ArgumentException">An id occurs twice.</exception>
    public IdMap(IReadOnlyList<long> originalIds)
    {
        ArgumentNullException.ThrowIfNull(originalIds);
        var ids = originalIds.ToArray();
        var index = new Dictionary<long, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            if (!index.TryAdd(ids[i], i))
            {
                throw new ArgumentException($"id {ids[i]} occurs twice in the id map", nameof(originalIds));
            }
        }

        OriginalIds = ids;
        _index = index.ToFrozenDictionary();
    }

    /// <summary>Original ids in dense-index order.</summary>
    public IReadOnlyList<long> OriginalIds { get; }

    /// <summary>Number of distinct ids.</summary>
    public int Count => OriginalIds.Count;

    /// <summary>Looks up the dense index of an original id.</summary>
    public bool TryGetIndex(long originalId, out int index) => _index.TryGetValue(originalId, out index);

    /// <summary>The original id of a dense index.</summary>
    public long ToOriginal(int index) => OriginalIds[index];

    /// <summary>A map whose original ids are 0..count-1 (synthetic data).</summary>
    public static IdMap Identity(int count) => new(Enumerable.Range(0, count).Select(i => (long)i).ToArray());
}
