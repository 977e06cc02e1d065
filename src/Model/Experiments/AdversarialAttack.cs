using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// The "least related" edge injection of method.md §6.2: a model trained on the clean graph scores every user–item
/// pair; a random fraction r of users each get an edge to their lowest-scored non-interacted item, a random fraction r
/// of items each get an edge to their lowest-scored non-interacting user; the union of those edges (deduplicated) is
/// injected. Unlearning the injected edges should then restore the clean model's behaviour.
/// </summary>
public static class AdversarialAttack
{
    private const int RowBatch = 512;

    /// <summary>Crafts the injection.</summary>
    /// <param name="clean">Clean training graph.</param>
    /// <param name="final">Final embeddings of a model trained on <paramref name="clean"/>, N×D row-major (D = length / N).</param>
    /// <param name="ratio">Fraction r of users and of items that get an adversarial edge, in (0, 1].</param>
    /// <param name="seed">Seed of the user and item choice.</param>
    public static AdversarialInjection Inject(BipartiteGraph clean, float[] final, double ratio, int seed)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(final);
        if (!(ratio > 0 && ratio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "the attack ratio must lie in (0, 1]");
        }

        var nodes = clean.NodeCount;
        if (nodes == 0 || final.Length % nodes != 0)
        {
            throw new ArgumentException($"final embeddings ({final.Length} values) do not fit {nodes} nodes", nameof(final));
        }

        var width = final.Length / nodes;
        var users = SampleIndices(clean.UserCount, Fraction(clean.UserCount, ratio), ((ulong)seed * 2) + 1);
        var items = SampleIndices(clean.ItemCount, Fraction(clean.ItemCount, ratio), ((ulong)seed * 2) + 2);
        var picked = new List<(int User, int Item)>(users.Length + items.Length);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var all = tensor(final, [nodes, width]);
            var userEmb = all.narrow(0, 0, clean.UserCount);
            var itemEmb = all.narrow(0, clean.UserCount, clean.ItemCount);
            // for each chosen user the lowest-scored item it has not interacted with
            foreach (var (row, col) in LowestNonEdges(users, userEmb, itemEmb, u => clean.ItemsOf(u)))
            {
                picked.Add((row, col));
            }

            // for each chosen item the lowest-scored user that has not interacted with it
            foreach (var (row, col) in LowestNonEdges(items, itemEmb, userEmb, v => clean.UsersOf(v)))
            {
                picked.Add((col, row));
            }
        }

        var injected = EdgeSets.Distinct(new EdgeList(picked.Select(p => p.User).ToArray(), picked.Select(p => p.Item).ToArray()));
        var attacked = BipartiteGraph.Build(clean.UserCount, clean.ItemCount, EdgeSets.Concat(clean.ToEdgeList(), injected));
        return new AdversarialInjection { Injected = injected, Attacked = attacked, UserPicks = users.Length, ItemPicks = items.Length };
    }

    /// <summary>round(r·count), at most count.</summary>
    internal static int Fraction(int count, double ratio) => (int)Math.Min(count, Math.Round(ratio * count, MidpointRounding.AwayFromZero));

    /// <summary>A seeded uniform subset of <paramref name="take"/> indices of 0..count−1, ascending.</summary>
    internal static int[] SampleIndices(int count, int take, ulong seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        var rng = new SplitMix64(seed);
        // partial Fisher–Yates: the first `take` slots are a uniform sample without replacement
        for (var i = 0; i < take; i++)
        {
            var j = i + (int)rng.NextBelow((ulong)(count - i));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var chosen = order.AsSpan(0, take).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    private delegate ReadOnlySpan<int> Neighbours(int row);

    private static List<(int Row, int Column)> LowestNonEdges(int[] rows, Tensor rowEmb, Tensor colEmb, Neighbours neighbours)
    {
        var result = new List<(int, int)>(rows.Length);
        var columns = (int)colEmb.shape[0];
        var colT = colEmb.t().contiguous();
        for (var start = 0; start < rows.Length; start += RowBatch)
        {
            using var scope = NewDisposeScope();
            var count = Math.Min(RowBatch, rows.Length - start);
            var idx = tensor(rows.AsSpan(start, count).ToArray().Select(r => (long)r).ToArray());
            var scores = rowEmb.index_select(0, idx).mm(colT);
            var mask = new List<long>();
            for (var r = 0; r < count; r++)
            {
                foreach (var c in neighbours(rows[start + r]))
                {
                    mask.Add(((long)r * columns) + c);
                }
            }

            if (mask.Count > 0)
            {
                // existing edges can never be the argmin
                scores.view(-1).index_fill_(0, tensor(mask.ToArray()), float.PositiveInfinity);
            }

            var argmin = scores.argmin(1).data<long>().ToArray();
            for (var r = 0; r < count; r++)
            {
                // a row connected to every column has no non-edge: nothing to inject for it
                if (neighbours(rows[start + r]).Length < columns)
                {
                    result.Add((rows[start + r], (int)argmin[r]));
                }
            }
        }

        return result;
    }
}
