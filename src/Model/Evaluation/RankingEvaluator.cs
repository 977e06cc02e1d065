using System.Diagnostics;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using static TorchSharp.torch;

namespace UnlearnRec.Model.Evaluation;

/// <summary>
/// Full-ranking Recall@K and NDCG@K (method.md §6.3): every item is scored for every test user, the user's
/// training items are masked, the top K are compared with the test items. Scores are computed in user batches with a
/// dense matrix product (libtorch's multi-threaded GEMM) and top-k; the metric arithmetic is Core's
/// <see cref="RankingMetricsAccumulator"/>, the same code the brute-force reference uses.
/// </summary>
public sealed class RankingEvaluator
{
    private readonly BipartiteGraph _train;
    private readonly BipartiteGraph _test;
    private readonly int[] _testUsers;

    /// <summary>Creates an evaluator; <paramref name="train"/> supplies the masks (pass the residual graph after unlearning).</summary>
    public RankingEvaluator(BipartiteGraph train, BipartiteGraph test, int k = 20, int userBatch = 1024)
    {
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _test = test ?? throw new ArgumentNullException(nameof(test));
        if (train.UserCount != test.UserCount || train.ItemCount != test.ItemCount)
        {
            throw new ArgumentException("train and test graphs must have the same users and items");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(userBatch, 1);
        K = k;
        UserBatch = userBatch;
        _testUsers = Enumerable.Range(0, test.UserCount).Where(u => test.UserDegree(u) > 0).ToArray();
    }

    /// <summary>Cut-off K.</summary>
    public int K { get; }

    /// <summary>Users scored per matrix product.</summary>
    public int UserBatch { get; }

    /// <summary>Evaluates final embeddings laid out N×d (users then items) on any device.</summary>
    public RankingResult Evaluate(Tensor final)
    {
        ArgumentNullException.ThrowIfNull(final);
        var sw = Stopwatch.StartNew();
        var users = _train.UserCount;
        var items = _train.ItemCount;
        var k = Math.Min(K, items);
        var accumulator = new RankingMetricsAccumulator(K);
        var topRow = new int[k];
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var device = final.device;
            var itemEmb = final.narrow(0, users, items).t().contiguous();
            for (var start = 0; start < _testUsers.Length; start += UserBatch)
            {
                using var batchScope = NewDisposeScope();
                var count = Math.Min(UserBatch, _testUsers.Length - start);
                var batchUsers = _testUsers.AsSpan(start, count).ToArray();
                var userIdx = tensor(batchUsers.Select(u => (long)u).ToArray(), device: device);
                var scores = final.index_select(0, userIdx).mm(itemEmb);
                var mask = new List<long>();
                for (var r = 0; r < count; r++)
                {
                    foreach (var it in _train.ItemsOf(batchUsers[r]))
                    {
                        mask.Add(((long)r * items) + it);
                    }
                }

                if (mask.Count > 0)
                {
                    scores.view(-1).index_fill_(0, tensor(mask.ToArray(), device: device), float.NegativeInfinity);
                }

                var top = scores.topk(k, dim: 1, largest: true, sorted: true).indexes.cpu();
                var topIdx = top.data<long>().ToArray();
                for (var r = 0; r < count; r++)
                {
                    for (var j = 0; j < k; j++)
                    {
                        topRow[j] = (int)topIdx[(r * k) + j];
                    }

                    accumulator.Add(topRow, _test.ItemsOf(batchUsers[r]));
                }
            }
        }

        var result = accumulator.Result();
        return new RankingResult(result.Recall, result.Ndcg, result.Users, K, sw.Elapsed.TotalSeconds);
    }
}
