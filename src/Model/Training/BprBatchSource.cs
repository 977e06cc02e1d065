using UnlearnRec.Core.Graphs;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Training;

/// <summary>
/// Produces the BPR minibatches of an epoch (method.md §2): a seeded shuffle of the training edges, one uniform
/// negative per positive re-drawn every epoch, at most <see cref="MaxBatches"/> batches.
/// </summary>
public sealed class BprBatchSource
{
    private readonly int[] _users;
    private readonly int[] _items;
    private readonly int[] _order;
    private readonly int[] _negatives;

    /// <summary>Creates a source over the edges of <paramref name="graph"/>.</summary>
    public BprBatchSource(BipartiteGraph graph, int batchSize, int maxBatches, ulong seed)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        BatchSize = batchSize;
        MaxBatches = maxBatches;
        Seed = seed;
        var edges = graph.ToEdgeList();
        _users = edges.Users;
        _items = edges.Items;
        _order = new int[edges.Count];
        _negatives = new int[edges.Count];
    }

    /// <summary>The training graph.</summary>
    public BipartiteGraph Graph { get; }

    /// <summary>Triples per batch.</summary>
    public int BatchSize { get; }

    /// <summary>Cap on batches per epoch.</summary>
    public int MaxBatches { get; }

    /// <summary>Base seed.</summary>
    public ulong Seed { get; }

    /// <summary>Batches in one epoch.</summary>
    public int BatchesPerEpoch => Math.Min(MaxBatches, (_users.Length + BatchSize - 1) / BatchSize);

    /// <summary>
    /// Shuffles and samples negatives for <paramref name="epoch"/>; then <see cref="Batch"/> returns its batches.
    /// </summary>
    public void BeginEpoch(int epoch)
    {
        var rng = new SplitMix64(Seed * 0x100000001B3UL + (ulong)epoch);
        for (var i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        for (var i = _order.Length - 1; i > 0; i--)
        {
            var j = (int)rng.NextBelow((ulong)(i + 1));
            (_order[i], _order[j]) = (_order[j], _order[i]);
        }

        var users = new int[_order.Length];
        for (var i = 0; i < users.Length; i++)
        {
            users[i] = _users[_order[i]];
        }

        NegativeSampler.Sample(Graph, users, _negatives, rng.Next());
    }

    /// <summary>Index tensors of batch <paramref name="index"/> of the current epoch on <paramref name="device"/>.</summary>
    public TrainingBatch Batch(int index, Device device)
    {
        var start = index * BatchSize;
        var count = Math.Min(BatchSize, _order.Length - start);
        if (index < 0 || index >= BatchesPerEpoch || count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }

        var u = new long[count];
        var p = new long[count];
        var n = new long[count];
        for (var i = 0; i < count; i++)
        {
            var e = _order[start + i];
            u[i] = _users[e];
            p[i] = _items[e];
            n[i] = _negatives[start + i];
        }

        var offset = Graph.UserCount;
        var users = tensor(u, device: device);
        var pos = tensor(p, device: device);
        var neg = tensor(n, device: device);
        return new TrainingBatch(users, pos, neg, users, pos + offset, neg + offset);
    }
}
