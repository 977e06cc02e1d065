using UnlearnRec.Core.Common;

namespace UnlearnRec.Core.Data.Loading;

/// <summary>Per-user random train/test split of deduplicated interactions (used for raw ratings and synthetic data).</summary>
internal static class PerUserSplitter
{
    /// <summary>
    /// Splits each user's interactions: the user's items are sorted (so the result does not depend on input order),
    /// shuffled with one generator walked over users in ascending index order, and the first
    /// round(<paramref name="testFraction"/> × n) (half away from zero) go to test, capped at n − 1 so every user keeps
    /// at least one training interaction. Both outputs are ordered by user, then item.
    /// </summary>
    public static (EdgeList Train, EdgeList Test) Split(int userCount, ReadOnlySpan<int> users, ReadOnlySpan<int> items, double testFraction, StableRandom random)
    {
        // bucket by user (counting sort)
        var pointers = new int[userCount + 1];
        foreach (var u in users)
        {
            pointers[u + 1]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            pointers[u + 1] += pointers[u];
        }

        var rows = new int[users.Length];
        var cursor = (int[])pointers.Clone();
        for (var e = 0; e < users.Length; e++)
        {
            rows[cursor[users[e]]++] = items[e];
        }

        var testTotal = 0;
        var testCounts = new int[userCount];
        for (var u = 0; u < userCount; u++)
        {
            var n = pointers[u + 1] - pointers[u];
            testCounts[u] = n == 0 ? 0 : Math.Min((int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero), n - 1);
            testTotal += testCounts[u];
        }

        var trainUsers = new int[users.Length - testTotal];
        var trainItems = new int[trainUsers.Length];
        var testUsers = new int[testTotal];
        var testItems = new int[testTotal];
        int trainAt = 0, testAt = 0;
        for (var u = 0; u < userCount; u++)
        {
            var row = rows.AsSpan(pointers[u], pointers[u + 1] - pointers[u]);
            row.Sort();
            random.Shuffle(row);
            var test = row[..testCounts[u]];
            var train = row[testCounts[u]..];
            test.Sort();
            train.Sort();
            test.CopyTo(testItems.AsSpan(testAt));
            testUsers.AsSpan(testAt, test.Length).Fill(u);
            testAt += test.Length;
            train.CopyTo(trainItems.AsSpan(trainAt));
            trainUsers.AsSpan(trainAt, train.Length).Fill(u);
            trainAt += train.Length;
        }

        return (new EdgeList(trainUsers, trainItems), new EdgeList(testUsers, testItems));
    }
}
