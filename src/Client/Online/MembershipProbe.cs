using UnlearnRec.Core.Bundles;
using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Core.Metrics;
using UnlearnRec.Model.Bundles;

namespace UnlearnRec.Client.Online;

/// <summary>
/// Score-based membership-inference probe on served embeddings (method.md §6.4), with p = σ(⟨e_u, e_i⟩):
/// MI-BF = mean p_before(forgotten) / mean p_after(forgotten) and MI-NG = mean p_after(non-edges) / mean
/// p_after(forgotten). "Before" is the bundle's original model; "after" is what the grains serve. Values above 1 mean
/// the forgotten interactions lost their membership signal.
/// </summary>
public static class MembershipProbe
{
    /// <summary>Measures both ratios; <paramref name="servedRows"/> returns the served rows of the given users and items.</summary>
    public static async Task<MembershipReport> MeasureAsync(
        ModelBundle bundle,
        IReadOnlyList<(long User, long Item)> forgotten,
        Func<long[], long[], Task<(Dictionary<long, float[]> Users, Dictionary<long, float[]> Items)>> servedRows,
        int seed,
        int negativeDraws = 5)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(forgotten);
        ArgumentNullException.ThrowIfNull(servedRows);
        if (forgotten.Count == 0)
        {
            return new MembershipReport(0, 0, 0, 0, 0, 0);
        }

        var m = bundle.Manifest;
        var dim = m.Dim;
        var userIds = bundle.Longs(BundleArrayNames.UserIds, m.Users);
        var itemIds = bundle.Longs(BundleArrayNames.ItemIds, m.Items);
        var userMap = new IdMap(userIds);
        var itemMap = new IdMap(itemIds);
        var final = bundle.Floats(BundleArrayNames.Final);
        var train = BipartiteGraph.Build(m.Users, m.Items, BackboneBundles.ReadEdges(bundle, BundleArrayNames.TrainEdges));
        var pairs = new EdgeList(
            forgotten.Select(f => userMap.TryGetIndex(f.User, out var u) ? u : throw new ArgumentException($"user {f.User} is not in the bundle")).ToArray(),
            forgotten.Select(f => itemMap.TryGetIndex(f.Item, out var v) ? v : throw new ArgumentException($"item {f.Item} is not in the bundle")).ToArray());

        // the whole served model, laid out like the bundle's node matrix, so the offline definitions (and the same
        // seeded negative draws) apply unchanged: served figures are then directly comparable with offline ones
        var (servedUsers, servedItems) = await servedRows(userIds, itemIds).ConfigureAwait(false);
        var served = new float[((long)m.Users + m.Items) * dim];
        for (var u = 0; u < m.Users; u++)
        {
            servedUsers[userIds[u]].CopyTo(served.AsSpan(u * dim, dim));
        }

        for (var v = 0; v < m.Items; v++)
        {
            servedItems[itemIds[v]].CopyTo(served.AsSpan((m.Users + v) * dim, dim));
        }

        var before = MembershipInference.Scores(final, m.Users, dim, pairs);
        var after = MembershipInference.Scores(served, m.Users, dim, pairs);
        var miNg = MembershipInference.MiNgOverDraws(p => MembershipInference.Scores(served, m.Users, dim, p), train, pairs, negativeDraws, seed);
        var meanAfter = MembershipInference.MeanSigmoid(after);
        return new MembershipReport(MembershipInference.MiBf(before, after), miNg, MembershipInference.MeanSigmoid(before), meanAfter, miNg * meanAfter, forgotten.Count);
    }
}
