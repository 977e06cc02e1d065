using UnlearnRec.Core.Data;

namespace UnlearnRec.Core.Graphs;

/// <summary>
/// A user–item interaction graph with both adjacency directions in CSR form (sorted, deduplicated).
/// Node numbering for the symmetric N×N adjacency: user u → u, item v → UserCount + v.
/// </summary>
public sealed class BipartiteGraph
{
    private BipartiteGraph(int userCount, int itemCount, int[] userPtr, int[] userItems, int[] itemPtr, int[] itemUsers)
    {
        UserCount = userCount;
        ItemCount = itemCount;
        UserPointers = userPtr;
        UserItems = userItems;
        ItemPointers = itemPtr;
        ItemUsers = itemUsers;
    }

    /// <summary>Number of users.</summary>
    public int UserCount { get; }

    /// <summary>Number of items.</summary>
    public int ItemCount { get; }

    /// <summary>Total nodes (users + items).</summary>
    public int NodeCount => UserCount + ItemCount;

    /// <summary>Number of (deduplicated) edges.</summary>
    public int EdgeCount => UserItems.Length;

    /// <summary>CSR row pointers of user → items.</summary>
    public int[] UserPointers { get; }

    /// <summary>Items of each user, sorted ascending.</summary>
    public int[] UserItems { get; }

    /// <summary>CSR row pointers of item → users.</summary>
    public int[] ItemPointers { get; }

    /// <summary>Users of each item, sorted ascending.</summary>
    public int[] ItemUsers { get; }

    /// <summary>Builds the graph; duplicate edges are merged.</summary>
    public static BipartiteGraph Build(int userCount, int itemCount, EdgeList edges)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentOutOfRangeException.ThrowIfNegative(userCount);
        ArgumentOutOfRangeException.ThrowIfNegative(itemCount);
        var (userPtr, userItems) = BuildRows(userCount, itemCount, edges.Users, edges.Items);
        // item → users from the deduplicated user rows; filling in user order keeps each item row sorted
        var itemPtr = new int[itemCount + 1];
        foreach (var v in userItems)
        {
            itemPtr[v + 1]++;
        }

        for (var v = 0; v < itemCount; v++)
        {
            itemPtr[v + 1] += itemPtr[v];
        }

        var itemUsers = new int[userItems.Length];
        var cursor = (int[])itemPtr.Clone();
        for (var u = 0; u < userCount; u++)
        {
            for (var k = userPtr[u]; k < userPtr[u + 1]; k++)
            {
                itemUsers[cursor[userItems[k]]++] = u;
            }
        }

        return new BipartiteGraph(userCount, itemCount, userPtr, userItems, itemPtr, itemUsers);
    }

    /// <summary>
    /// The graph without some of its edges, in O(edges) and without sorting: <paramref name="removed"/>[k] marks the
    /// edge at position k of <see cref="UserItems"/>. Rows stay sorted because filtering keeps their order. The online
    /// engine rebuilds its residual graph this way on every computation.
    /// </summary>
    public BipartiteGraph WithoutEdges(ReadOnlySpan<bool> removed)
    {
        if (removed.Length != EdgeCount)
        {
            throw new ArgumentException($"the removal mask has {removed.Length} entries, the graph {EdgeCount} edges", nameof(removed));
        }

        var userPtr = new int[UserCount + 1];
        var kept = 0;
        for (var k = 0; k < removed.Length; k++)
        {
            if (!removed[k])
            {
                kept++;
            }
        }

        var userItems = new int[kept];
        var itemPtr = new int[ItemCount + 1];
        var write = 0;
        for (var u = 0; u < UserCount; u++)
        {
            for (var k = UserPointers[u]; k < UserPointers[u + 1]; k++)
            {
                if (!removed[k])
                {
                    var item = UserItems[k];
                    userItems[write++] = item;
                    itemPtr[item + 1]++;
                }
            }

            userPtr[u + 1] = write;
        }

        for (var v = 0; v < ItemCount; v++)
        {
            itemPtr[v + 1] += itemPtr[v];
        }

        // filling item rows in user order keeps each of them sorted
        var itemUsers = new int[kept];
        var cursor = (int[])itemPtr.Clone();
        for (var u = 0; u < UserCount; u++)
        {
            for (var k = userPtr[u]; k < userPtr[u + 1]; k++)
            {
                itemUsers[cursor[userItems[k]]++] = u;
            }
        }

        return new BipartiteGraph(UserCount, ItemCount, userPtr, userItems, itemPtr, itemUsers);
    }

    /// <summary>The user of the edge at <paramref name="position"/> in <see cref="UserItems"/> (binary search).</summary>
    public int UserOfEdge(int position)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(position);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(position, EdgeCount);
        var index = Array.BinarySearch(UserPointers, position);
        if (index < 0)
        {
            return ~index - 1;
        }

        // several users may share a pointer (empty rows): the edge belongs to the last of them
        while (index + 1 < UserPointers.Length && UserPointers[index + 1] == position)
        {
            index++;
        }

        return index;
    }

    /// <summary>Degree of a user.</summary>
    public int UserDegree(int user) => UserPointers[user + 1] - UserPointers[user];

    /// <summary>Degree of an item.</summary>
    public int ItemDegree(int item) => ItemPointers[item + 1] - ItemPointers[item];

    /// <summary>The items of a user (sorted).</summary>
    public ReadOnlySpan<int> ItemsOf(int user) => UserItems.AsSpan(UserPointers[user], UserDegree(user));

    /// <summary>The users of an item (sorted).</summary>
    public ReadOnlySpan<int> UsersOf(int item) => ItemUsers.AsSpan(ItemPointers[item], ItemDegree(item));

    /// <summary>True when the edge is in the graph (binary search in the user's row).</summary>
    public bool Contains(int user, int item) =>
        (uint)user < (uint)UserCount && ItemsOf(user).BinarySearch(item) >= 0;

    /// <summary>The edges as a list, ordered by user then item.</summary>
    public EdgeList ToEdgeList()
    {
        var users = new int[EdgeCount];
        for (var u = 0; u < UserCount; u++)
        {
            users.AsSpan(UserPointers[u], UserDegree(u)).Fill(u);
        }

        return new EdgeList(users, (int[])UserItems.Clone());
    }

    /// <summary>
    /// The symmetric normalised adjacency Â = D^-1/2 [[0, A], [Aᵀ, 0]] D^-1/2 over N = users + items nodes, without
    /// self-loops; nodes of degree 0 get empty rows. The result carries a transpose index (its pattern is symmetric).
    /// </summary>
    public CsrMatrix NormalizedAdjacency()
    {
        var n = NodeCount;
        var nnz = 2 * EdgeCount;
        var rowPtr = new int[n + 1];
        for (var u = 0; u < UserCount; u++)
        {
            rowPtr[u + 1] = UserDegree(u);
        }

        for (var v = 0; v < ItemCount; v++)
        {
            rowPtr[UserCount + v + 1] = ItemDegree(v);
        }

        for (var i = 0; i < n; i++)
        {
            rowPtr[i + 1] += rowPtr[i];
        }

        var cols = new int[nnz];
        var vals = new float[nnz];
        var transpose = new int[nnz];
        var invSqrtUser = new float[UserCount];
        var invSqrtItem = new float[ItemCount];
        for (var u = 0; u < UserCount; u++)
        {
            var d = UserDegree(u);
            invSqrtUser[u] = d == 0 ? 0f : (float)(1.0 / Math.Sqrt(d));
        }

        for (var v = 0; v < ItemCount; v++)
        {
            var d = ItemDegree(v);
            invSqrtItem[v] = d == 0 ? 0f : (float)(1.0 / Math.Sqrt(d));
        }

        // Item rows are filled in ascending user order, so they come out sorted; each user-row entry learns where
        // its mirror went, which gives the transpose index in the same pass.
        var itemCursor = new int[ItemCount];
        for (var v = 0; v < ItemCount; v++)
        {
            itemCursor[v] = rowPtr[UserCount + v];
        }

        for (var u = 0; u < UserCount; u++)
        {
            var pos = rowPtr[u];
            for (var k = UserPointers[u]; k < UserPointers[u + 1]; k++, pos++)
            {
                var v = UserItems[k];
                var w = invSqrtUser[u] * invSqrtItem[v];
                var mirror = itemCursor[v]++;
                cols[pos] = UserCount + v;
                vals[pos] = w;
                cols[mirror] = u;
                vals[mirror] = w;
                transpose[pos] = mirror;
                transpose[mirror] = pos;
            }
        }

        return new CsrMatrix(n, n, rowPtr, cols, vals, transpose, valuesSymmetric: true);
    }

    private static (int[] Ptr, int[] Cols) BuildRows(int rows, int columns, int[] rowIdx, int[] colIdx)
    {
        var ptr = new int[rows + 1];
        for (var e = 0; e < rowIdx.Length; e++)
        {
            var r = rowIdx[e];
            var c = colIdx[e];
            if ((uint)r >= (uint)rows || (uint)c >= (uint)columns)
            {
                throw new ArgumentException($"edge {e} ({r}, {c}) is outside {rows} × {columns}");
            }

            ptr[r + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            ptr[r + 1] += ptr[r];
        }

        var cols = new int[rowIdx.Length];
        var cursor = (int[])ptr.Clone();
        for (var e = 0; e < rowIdx.Length; e++)
        {
            cols[cursor[rowIdx[e]]++] = colIdx[e];
        }

        // sort each row and squeeze out duplicates
        var write = 0;
        var newPtr = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            var span = cols.AsSpan(ptr[r], ptr[r + 1] - ptr[r]);
            span.Sort();
            var last = -1;
            foreach (var c in span)
            {
                if (c != last)
                {
                    cols[write++] = c;
                    last = c;
                }
            }

            newPtr[r + 1] = write;
        }

        return (newPtr, write == cols.Length ? cols : cols.AsSpan(0, write).ToArray());
    }
}
