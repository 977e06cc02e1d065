using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Embeddings;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Engine;

/// <summary>
/// Builds <b>untrained</b> model bundles: random ego embeddings E0 and their exact final embeddings
/// Ē = propagate(E0) on the interaction graph. They have the shape of a trained bundle, so the online system, its
/// tests and the demo can run before (or without) the offline trainer; their recommendations carry no learned signal
/// beyond the graph structure.
/// </summary>
public static class UntrainedBundleFactory
{
    /// <summary>Note written into the manifest of every bundle made here.</summary>
    public const string UntrainedNote = "untrained: random ego embeddings, final = exact propagation (demo/test bundle)";

    /// <summary>A bundle over a synthetic, popularity-skewed interaction graph.</summary>
    public static ModelBundle Synthetic(SyntheticBundleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Items, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.InteractionsPerUser, 1);
        var random = new Random(spec.Seed);
        var perUser = Math.Min(spec.InteractionsPerUser, spec.Items);
        // item popularity ~ 1 / (rank + 5)^0.9, sampled by inverse CDF
        var cumulative = new double[spec.Items];
        var total = 0.0;
        for (var v = 0; v < spec.Items; v++)
        {
            total += 1.0 / Math.Pow(v + 5, 0.9);
            cumulative[v] = total;
        }

        var users = new List<int>(spec.Users * perUser);
        var items = new List<int>(spec.Users * perUser);
        var chosen = new HashSet<int>();
        for (var u = 0; u < spec.Users; u++)
        {
            chosen.Clear();
            var attempts = 0;
            while (chosen.Count < perUser && attempts++ < perUser * 50)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                chosen.Add(Math.Min(index < 0 ? ~index : index, spec.Items - 1));
            }

            foreach (var v in chosen.Order())
            {
                users.Add(u);
                items.Add(v);
            }
        }

        var userIds = Enumerable.Range(0, spec.Users).Select(u => spec.UserIdBase + u).ToArray();
        var itemIds = Enumerable.Range(0, spec.Items).Select(v => spec.ItemIdBase + v).ToArray();
        return Build(
            $"synthetic-{spec.Users}x{spec.Items}-s{spec.Seed}",
            userIds,
            itemIds,
            new EdgeList([.. users], [.. items]),
            spec.Model,
            spec.Dim,
            spec.Layers,
            spec.Seed,
            spec.InitScale);
    }

    /// <summary>A bundle over a loaded data set's training interactions.</summary>
    public static ModelBundle FromDataset(InteractionDataset dataset, string model = "lightgcn", int dim = 64, int layers = 3, int seed = 7, float initScale = 0.1f)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Build(dataset.Name, [.. dataset.Users.OriginalIds], [.. dataset.Items.OriginalIds], dataset.Train, model, dim, layers, seed, initScale);
    }

    private static ModelBundle Build(string name, long[] userIds, long[] itemIds, EdgeList edges, string model, int dim, int layers, int seed, float initScale)
    {
        var aggregation = BackboneReadout.For(model);
        var graph = BipartiteGraph.Build(userIds.Length, itemIds.Length, edges);
        var random = new Random(seed ^ 0x5EED);
        var ego = new float[graph.NodeCount * dim];
        for (var i = 0; i < ego.Length; i++)
        {
            // Box-Muller normal samples
            var a = 1.0 - random.NextDouble();
            var b = random.NextDouble();
            ego[i] = (float)(initScale * Math.Sqrt(-2.0 * Math.Log(a)) * Math.Cos(2 * Math.PI * b));
        }

        var final = GraphPropagation.FinalEmbeddings(graph.NormalizedAdjacency(), ego, dim, layers, aggregation);
        var deduplicated = graph.ToEdgeList();
        var pairs = new int[deduplicated.Count * 2];
        for (var e = 0; e < deduplicated.Count; e++)
        {
            pairs[2 * e] = deduplicated.Users[e];
            pairs[(2 * e) + 1] = deduplicated.Items[e];
        }

        var nodes = (long)graph.NodeCount;
        var manifest = new BundleManifest
        {
            Dataset = name,
            DatasetFingerprint = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(pairs.AsSpan()))),
            Users = userIds.Length,
            Items = itemIds.Length,
            Model = model.ToLowerInvariant(),
            Dim = dim,
            Layers = layers,
            Hyperparameters = new Dictionary<string, double> { ["seed"] = seed, ["init_scale"] = initScale },
            Notes = [UntrainedNote],
        };
        var arrays = new Dictionary<string, BundleArray>(StringComparer.Ordinal)
        {
            [BundleArrayNames.UserIds] = BundleArray.Of(userIds),
            [BundleArrayNames.ItemIds] = BundleArray.Of(itemIds),
            [BundleArrayNames.TrainEdges] = BundleArray.Of(pairs, deduplicated.Count, 2),
            [BundleArrayNames.Ego] = BundleArray.Of(ego, nodes, dim),
            [BundleArrayNames.Final] = BundleArray.Of(final, nodes, dim),
        };
        return new ModelBundle(manifest, arrays);
    }
}
