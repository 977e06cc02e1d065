using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Engine;

/// <summary>
/// The symmetric normalised adjacency of the residual graph, kept on the original graph's sparsity pattern: a removed
/// edge keeps its slot with weight 0, and removing edges only recomputes the weights around their endpoints (whose
/// degrees changed) instead of rebuilding the whole matrix. Propagating over the zero slots gives exactly what the
/// residual graph's own <see cref="BipartiteGraph.NormalizedAdjacency"/> gives, with the same float weights.
/// </summary>
/// <remarks>
/// On ml-1m (800 k edges) a rebuild took ~21 ms of a ~75 ms engine computation; an update costs the degrees of the
/// endpoints involved. Not thread-safe: the engine thread owns it.
/// </remarks>
internal sealed class ResidualAdjacency
{
    private readonly BipartiteGraph _original;
    private readonly int[] _userDegree;
    private readonly int[] _itemDegree;
    private readonly int[] _transpose;

    /// <summary>Builds the matrix for the original graph with the edges flagged in <paramref name="removed"/> taken out.</summary>
    public ResidualAdjacency(BipartiteGraph original, bool[] removed)
    {
        _original = original;
        Matrix = original.NormalizedAdjacency();
        _transpose = Matrix.TransposeIndex ?? throw new InvalidOperationException("the normalised adjacency carries no transpose index");
        // the user rows come first and keep the order of the user → item lists: slot k is edge k of UserItems
        for (var u = 0; u <= original.UserCount; u++)
        {
            if (Matrix.RowPointers[u] != original.UserPointers[u])
            {
                throw new InvalidOperationException("the normalised adjacency's user rows do not follow the graph's edge order");
            }
        }

        _userDegree = new int[original.UserCount];
        _itemDegree = new int[original.ItemCount];
        Reset(removed);
    }

    /// <summary>The matrix (mutated in place by <see cref="Reset"/> and <see cref="Update"/>).</summary>
    public CsrMatrix Matrix { get; }

    /// <summary>Recomputes every weight from the removal flags.</summary>
    public void Reset(bool[] removed)
    {
        Array.Clear(_userDegree);
        Array.Clear(_itemDegree);
        for (var u = 0; u < _original.UserCount; u++)
        {
            for (var k = _original.UserPointers[u]; k < _original.UserPointers[u + 1]; k++)
            {
                if (!removed[k])
                {
                    _userDegree[u]++;
                    _itemDegree[_original.UserItems[k]]++;
                }
            }
        }

        for (var u = 0; u < _original.UserCount; u++)
        {
            RefreshUser(u, removed);
        }
    }

    /// <summary>
    /// The edges at <paramref name="positions"/> changed their flag in <paramref name="removed"/> (either way): adjust
    /// their endpoints' degrees and recompute every weight that depends on them.
    /// </summary>
    public void Update(IReadOnlyCollection<int> positions, bool[] removed)
    {
        var users = new HashSet<int>();
        var items = new HashSet<int>();
        foreach (var k in positions)
        {
            var delta = removed[k] ? -1 : 1;
            var user = _original.UserOfEdge(k);
            var item = _original.UserItems[k];
            _userDegree[user] += delta;
            _itemDegree[item] += delta;
            users.Add(user);
            items.Add(item);
        }

        foreach (var user in users)
        {
            RefreshUser(user, removed);
        }

        foreach (var item in items)
        {
            RefreshItem(item, removed);
        }
    }

    // the same float arithmetic as BipartiteGraph.NormalizedAdjacency, so the weights are bit-identical
    private static float InverseSqrt(int degree) => degree == 0 ? 0f : (float)(1.0 / Math.Sqrt(degree));

    private void RefreshUser(int user, bool[] removed)
    {
        var values = Matrix.Values;
        var inverseUser = InverseSqrt(_userDegree[user]);
        for (var k = _original.UserPointers[user]; k < _original.UserPointers[user + 1]; k++)
        {
            var weight = removed[k] ? 0f : inverseUser * InverseSqrt(_itemDegree[_original.UserItems[k]]);
            values[k] = weight;
            values[_transpose[k]] = weight;
        }
    }

    private void RefreshItem(int item, bool[] removed)
    {
        var values = Matrix.Values;
        var inverseItem = InverseSqrt(_itemDegree[item]);
        var row = _original.UserCount + item;
        for (var slot = Matrix.RowPointers[row]; slot < Matrix.RowPointers[row + 1]; slot++)
        {
            var k = _transpose[slot];
            var weight = removed[k] ? 0f : InverseSqrt(_userDegree[Matrix.ColumnIndices[slot]]) * inverseItem;
            values[k] = weight;
            values[slot] = weight;
        }
    }
}
