using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;
using UnlearnRec.Model.Training;

namespace UnlearnRec.Model.Experiments;

/// <summary>
/// Sequential requests (method.md §5.3): a request split into T parts that arrive one after another; step t forgets
/// the cumulative union of parts 1..t.
/// </summary>
public static class RequestSchedule
{
    /// <summary>
    /// Splits <paramref name="request"/> into <paramref name="parts"/> near-equal disjoint parts after a seeded
    /// shuffle (so each part is a random slice, not e.g. "all user-side injections first").
    /// </summary>
    public static IReadOnlyList<EdgeList> Split(EdgeList request, int parts, int seed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        if (parts > Math.Max(1, request.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(parts), parts, $"cannot split {request.Count} edges into {parts} non-empty parts");
        }

        var order = Enumerable.Range(0, request.Count).ToArray();
        var rng = new SplitMix64((ulong)seed ^ 0x5E9_0E17UL);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)rng.NextBelow((ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var result = new List<EdgeList>(parts);
        for (var p = 0; p < parts; p++)
        {
            var start = (int)((long)request.Count * p / parts);
            var end = (int)((long)request.Count * (p + 1) / parts);
            var slice = order[start..end];
            result.Add(new EdgeList(slice.Select(e => request.Users[e]).ToArray(), slice.Select(e => request.Items[e]).ToArray()));
        }

        return result;
    }

    /// <summary>The union of parts 0..<paramref name="step"/> (inclusive).</summary>
    public static EdgeList Cumulative(IReadOnlyList<EdgeList> parts, int step)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, parts.Count);
        return EdgeSets.Concat(parts.Take(step + 1).ToArray());
    }
}
