using System.Diagnostics;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Diagnostics;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Backbones;
using UnlearnRec.Model.Experiments;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Baselines;

/// <summary>
/// Partition-based unlearning in the style of RecEraser / SISA (method.md §6.6): the original training graph is split
/// into S disjoint shards (<see cref="ShardPartition"/>, user-based and edge-balanced); <see cref="Prepare"/> trains one
/// model of the same backbone per shard; <see cref="Unlearn"/> retrains from scratch only the shards that hold
/// request edges, on their edges minus the request, and aggregates.
/// </summary>
/// <remarks>
/// <para>Aggregation. Independently trained shard models live in unrelated embedding spaces, so averaging their
/// embeddings is meaningless. Scores are aggregated instead, through concatenation: the served matrix is
/// N×(S·d), block s holding shard model s's final embeddings, with the user rows of users outside shard s set to 0.
/// The dot product of two concatenated rows is then Σ_s ⟨f_s(u), f_s(v)⟩ over the shards that know user u — with a
/// user-based partition exactly one — so every user is scored by the model of its own shard, on its usual scale
/// (no 1/√S factor, which would only shrink the scores that the σ-based MI metrics read).
/// RecEraser's learned attention aggregator is not implemented.</para>
/// <para>Sequential requests: only shards touched by <see cref="UnlearningTask.Increment"/> are retrained (on their
/// residual edges, i.e. minus the cumulative request); the others keep their latest model.</para>
/// <para><see cref="UnlearningOutcome.Final"/> is therefore N×(S·d): consumers take the width from its length.</para>
/// </remarks>
public sealed class PartitionMethod : IUnlearningMethod
{
    /// <summary>Row name.</summary>
    public const string MethodName = "partition";

    private ShardPartition? _partition;
    private float[][]? _shardFinals;
    private int _dim;
    private int _nodes;

    /// <summary>Creates the method.</summary>
    public PartitionMethod(PartitionOptions? options = null)
    {
        Options = options ?? new PartitionOptions();
        Options.Validate();
    }

    /// <summary>Settings.</summary>
    public PartitionOptions Options { get; }

    /// <inheritdoc />
    public string Name => MethodName;

    /// <summary>The partition made by <see cref="Prepare"/> (null before).</summary>
    public ShardPartition? Partition => _partition;

    /// <inheritdoc />
    public double Prepare(UnlearningTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var watch = Stopwatch.StartNew();
        _partition = ShardPartition.Balanced(task.Original, Options.Shards, Options.Seed);
        _dim = task.Model.Options.Dim;
        _nodes = task.Original.NodeCount;
        _shardFinals = new float[Options.Shards][];
        task.Progress?.Invoke($"  partition: {Options.Shards} shards, edges per shard {string.Join("/", _partition.EdgeCounts)}");
        for (var s = 0; s < Options.Shards; s++)
        {
            _shardFinals[s] = TrainShard(task, s, _partition.EdgesOf(task.Original, s), CancellationToken.None);
        }

        return watch.Elapsed.TotalSeconds;
    }

    /// <inheritdoc />
    public UnlearningOutcome Unlearn(UnlearningTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (_partition is null || _shardFinals is null)
        {
            throw new InvalidOperationException("Prepare must run before Unlearn");
        }

        var watch = Stopwatch.StartNew();
        var touched = _partition.ShardsTouchedBy(task.Increment ?? task.Request);
        task.Progress?.Invoke($"  partition: retraining {touched.Length} of {Options.Shards} shards");
        foreach (var s in touched)
        {
            _shardFinals[s] = TrainShard(task, s, _partition.EdgesOf(task.Residual, s), cancellationToken);
        }

        var final = Concatenate();
        return new UnlearningOutcome
        {
            Method = Name,
            Final = final,
            Seconds = watch.Elapsed.TotalSeconds,
            PeakRssMb = ProcessMemory.PeakRssMb(),
            Extra = new Dictionary<string, double>
            {
                ["shards"] = Options.Shards,
                ["shards_retrained"] = touched.Length,
            },
        };
    }

    private float[] TrainShard(UnlearningTask task, int shard, EdgeList edges, CancellationToken cancellationToken)
    {
        var users = task.Original.UserCount;
        var items = task.Original.ItemCount;
        var train = BipartiteGraph.Build(users, items, edges);
        // each shard model selects its checkpoint on its own users' test interactions
        var testEdges = task.Test.ToEdgeList();
        var test = BipartiteGraph.Build(users, items, testEdges.Where(e => _partition!.UserShard[testEdges.Users[e]] == shard));
        var options = task.Trainer with
        {
            Epochs = Options.Epochs ?? task.Trainer.Epochs,
            Seed = task.Trainer.Seed + shard,
        };
        var backbone = Backbone.Create(task.Model.Kind, task.Model.Options);
        var result = new BackboneTrainer(backbone, options, task.Device).Train(train, test, cancellationToken: cancellationToken);
        task.Progress?.Invoke($"  partition: shard {shard} ({train.EdgeCount} edges) recall {result.Metrics.Recall:F4} after {result.EpochsRun} epochs, {result.WallSeconds:F1} s");
        var final = result.Final;
        for (var u = 0; u < users; u++)
        {
            if (_partition!.UserShard[u] != shard)
            {
                Array.Clear(final, u * _dim, _dim);
            }
        }

        return final;
    }

    private float[] Concatenate()
    {
        var shards = _shardFinals!.Length;
        var width = shards * _dim;
        var result = new float[(long)_nodes * width];
        for (var n = 0; n < _nodes; n++)
        {
            for (var s = 0; s < shards; s++)
            {
                Array.Copy(_shardFinals[s], (long)n * _dim, result, ((long)n * width) + (s * _dim), _dim);
            }
        }

        return result;
    }
}
