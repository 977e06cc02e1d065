using UnlearnRec.Core.Common;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>
/// Maps source ids to dense indices 0..Count-1 in ascending id order (so the mapping depends only on the set of
/// ids, never on line order).
/// </summary>
/// <remarks>
/// Real data sets use small, nearly contiguous ids, for which a direct lookup table is both the fastest map and
/// cheap in memory; sparse or huge ids fall back to sort + dictionary.
/// </remarks>
internal sealed class DenseIdMapper
{
    private readonly int[]? _table;
    private readonly Dictionary<long, int>? _dictionary;

    private DenseIdMapper(long[] originalIds, int[]? table, Dictionary<long, int>? dictionary)
    {
        OriginalIds = originalIds;
        _table = table;
        _dictionary = dictionary;
    }

    /// <summary>Distinct source ids in ascending order; position = dense index.</summary>
    public long[] OriginalIds { get; }

    /// <summary>Number of distinct ids.</summary>
    public int Count => OriginalIds.Length;

    /// <summary>Builds the map over the distinct values of <paramref name="ids"/> (all non-negative).</summary>
    public static DenseIdMapper Build(ReadOnlySpan<long> ids)
    {
        var max = -1L;
        foreach (var id in ids)
        {
            max = Math.Max(max, id);
        }

        // table when it costs at most a few ints per occurrence; otherwise the table could be gigabytes
        if (max < int.MaxValue - 1 && max < (4L * ids.Length) + 65_536)
        {
            var table = new int[max + 1];
            foreach (var id in ids)
            {
                table[id] = 1;
            }

            var next = 0;
            for (var id = 0; id < table.Length; id++)
            {
                table[id] = table[id] == 1 ? next++ : -1;
            }

            var original = new long[next];
            for (var id = 0; id < table.Length; id++)
            {
                if (table[id] >= 0)
                {
                    original[table[id]] = id;
                }
            }

            return new DenseIdMapper(original, table, null);
        }

        var sorted = SortedArrays.SortDistinct(ids.ToArray());
        var distinct = sorted.Length;
        var dictionary = new Dictionary<long, int>(distinct);
        for (var i = 0; i < distinct; i++)
        {
            dictionary[sorted[i]] = i;
        }

        return new DenseIdMapper(sorted, null, dictionary);
    }

    /// <summary>Dense index of a source id, or -1 when the id is not in the map.</summary>
    public int IndexOf(long id)
    {
        if (_table is not null)
        {
            return (ulong)id < (ulong)_table.Length ? _table[id] : -1;
        }

        return _dictionary!.TryGetValue(id, out var index) ? index : -1;
    }
}
