namespace UnlearnRec.Core.Data;

/// <summary>
/// A binary user–item interaction data set in dense indices: a training split, a test split and the id maps that
/// translate back to the source's ids. Users and items are indexed 0..UserCount-1 and 0..ItemCount-1.
/// </summary>
public sealed class InteractionDataset
{
    /// <summary>Creates a data set and checks that every edge lies within the id maps.</summary>
    public InteractionDataset(string name, IdMap users, IdMap items, EdgeList train, EdgeList test, DatasetLoadReport? report = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Users = users ?? throw new ArgumentNullException(nameof(users));
        Items = items ?? throw new ArgumentNullException(nameof(items));
        Train = train ?? throw new ArgumentNullException(nameof(train));
        Test = test ?? throw new ArgumentNullException(nameof(test));
        Report = report ?? new DatasetLoadReport();
        CheckRange(train, "train");
        CheckRange(test, "test");
    }

    /// <summary>Short name (folder name, "synthetic", …) used in reports.</summary>
    public string Name { get; }

    /// <summary>User id map.</summary>
    public IdMap Users { get; }

    /// <summary>Item id map.</summary>
    public IdMap Items { get; }

    /// <summary>Training interactions (deduplicated).</summary>
    public EdgeList Train { get; }

    /// <summary>Held-out test interactions (deduplicated, disjoint from <see cref="Train"/>).</summary>
    public EdgeList Test { get; }

    /// <summary>What the loader dropped or noticed.</summary>
    public DatasetLoadReport Report { get; }

    /// <summary>Number of users.</summary>
    public int UserCount => Users.Count;

    /// <summary>Number of items.</summary>
    public int ItemCount => Items.Count;

    /// <summary>Returns a copy with another training split (same id maps and test split), e.g. an attacked or residual graph.</summary>
    public InteractionDataset WithTrain(EdgeList train, string? name = null) => new(name ?? Name, Users, Items, train, Test, Report);

    private void CheckRange(EdgeList edges, string split)
    {
        for (var e = 0; e < edges.Count; e++)
        {
            if ((uint)edges.Users[e] >= (uint)UserCount || (uint)edges.Items[e] >= (uint)ItemCount)
            {
                throw new ArgumentException(
                    $"{split} edge {e} ({edges.Users[e]}, {edges.Items[e]}) is outside {UserCount} users × {ItemCount} items");
            }
        }
    }
}
