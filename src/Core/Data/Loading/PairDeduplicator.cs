namespace UnlearnRec.Core.Data.Loading;

/// <summary>Finds repeated (user, item) pairs in dense indices without hashing.</summary>
/// <remarks>
/// A <c>HashSet&lt;long&gt;</c> of packed pairs looks natural but is pathologically slow here: <c>long.GetHashCode</c>
/// xors the two halves, so user ^ item collapses a million pairs onto a few thousand buckets (ML-1M took seconds).
/// Grouping by user (counting sort) and stamping items per user is linear and allocation-light instead.
/// </remarks>
internal static class PairDeduplicator
{
    /// <summary>
    /// Returns, per pair, whether to keep it: false for a repeat of an earlier pair (file order: the first
    /// occurrence wins) and for a pair contained in <paramref name="exclude"/>.
    /// </summary>
    public static bool[] Keep(ReadOnlySpan<int> users, ReadOnlySpan<int> items, int userCount, int itemCount, EdgeList? exclude, out int kept)
    {
        var (pointers, order) = GroupByUser(users, userCount);
        (int[] Pointers, int[] Order)? excluded = exclude is null ? null : GroupByUser(exclude.Users, userCount);
        var stamp = new int[itemCount]; // stamp[v] == u + 1 ⇔ (u, v) already seen or excluded while visiting user u
        var keep = new bool[users.Length];
        kept = 0;
        for (var u = 0; u < userCount; u++)
        {
            var mark = u + 1;
            if (excluded is { } x)
            {
                for (var k = x.Pointers[u]; k < x.Pointers[u + 1]; k++)
                {
                    stamp[exclude!.Items[x.Order[k]]] = mark;
                }
            }

            // order lists each user's pairs in ascending pair index, i.e. file order
            for (var k = pointers[u]; k < pointers[u + 1]; k++)
            {
                var e = order[k];
                ref var s = ref stamp[items[e]];
                if (s != mark)
                {
                    s = mark;
                    keep[e] = true;
                    kept++;
                }
            }
        }

        return keep;
    }

    /// <summary>Compacts parallel arrays to the kept pairs.</summary>
    public static EdgeList Compact(ReadOnlySpan<int> users, ReadOnlySpan<int> items, bool[] keep, int kept)
    {
        var outUsers = new int[kept];
        var outItems = new int[kept];
        var at = 0;
        for (var e = 0; e < users.Length; e++)
        {
            if (keep[e])
            {
                outUsers[at] = users[e];
                outItems[at++] = items[e];
            }
        }

        return new EdgeList(outUsers, outItems);
    }

    private static (int[] Pointers, int[] Order) GroupByUser(ReadOnlySpan<int> users, int userCount)
    {
        var pointers = new int[userCount + 1];
        foreach (var u in users)
        {
            pointers[u + 1]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            pointers[u + 1] += pointers[u];
        }

        var cursor = pointers[..^1];
        var order = new int[users.Length];
        for (var e = 0; e < users.Length; e++)
        {
            order[cursor[users[e]]++] = e;
        }

        return (pointers, order);
    }
}
