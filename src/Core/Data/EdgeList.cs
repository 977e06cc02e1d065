namespace UnlearnRec.Core.Data;

/// <summary>
/// A list of (user, item) interactions in dense indices, stored as two parallel arrays (structure of arrays keeps
/// the hot loops of samplers and graph builders vectorisable).
/// </summary>
public sealed class EdgeList
{
    /// <summary>Creates an edge list; the arrays are taken over, not copied.</summary>
    public EdgeList(int[] users, int[] items)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(items);
        if (users.Length != items.Length)
        {
            throw new ArgumentException($"users ({users.Length}) and items ({items.Length}) differ in length");
        }

        Users = users;
        Items = items;
    }

    /// <summary>User index of each edge.</summary>
    public int[] Users { get; }

    /// <summary>Item index of each edge.</summary>
    public int[] Items { get; }

    /// <summary>Number of edges.</summary>
    public int Count => Users.Length;

    /// <summary>An empty edge list.</summary>
    public static EdgeList Empty { get; } = new([], []);

    /// <summary>Packs an edge into one 64-bit key (user in the high half), for hash sets of edges.</summary>
    public static long Key(int user, int item) => ((long)user << 32) | (uint)item;

    /// <summary>Unpacks a key made by <see cref="Key"/>.</summary>
    public static (int User, int Item) FromKey(long key) => ((int)(key >> 32), (int)(key & 0xFFFFFFFF));

    /// <summary>The edges whose index is selected by <paramref name="keep"/>.</summary>
    public EdgeList Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var u = new List<int>(Count);
        var v = new List<int>(Count);
        for (var e = 0; e < Count; e++)
        {
            if (keep(e))
            {
                u.Add(Users[e]);
                v.Add(Items[e]);
            }
        }

        return new EdgeList(u.ToArray(), v.ToArray());
    }

    /// <summary>Set of packed keys of all edges.</summary>
    public HashSet<long> ToKeySet()
    {
        var set = new HashSet<long>(Count);
        for (var e = 0; e < Count; e++)
        {
            set.Add(Key(Users[e], Items[e]));
        }

        return set;
    }
}
