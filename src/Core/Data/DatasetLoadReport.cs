namespace UnlearnRec.Core.Data;

/// <summary>What a loader did to the raw input: lines read, duplicates dropped, how the split was made.</summary>
public sealed record DatasetLoadReport
{
    /// <summary>Data lines read (header excluded) across all files.</summary>
    public long LinesRead { get; init; }

    /// <summary>Duplicate (user, item) pairs dropped from the training split.</summary>
    public long TrainDuplicatesDropped { get; init; }

    /// <summary>Duplicate pairs dropped from the test split, including pairs already in train.</summary>
    public long TestDuplicatesDropped { get; init; }

    /// <summary>
    /// Test pairs dropped because their item never occurs in train (a given split only): such items have no trained
    /// embedding, so they cannot be scored meaningfully.
    /// </summary>
    public long TestUnknownItemsDropped { get; init; }

    /// <summary>Duplicate (user, item) pairs merged in a raw ratings file before it was split (e.g. re-ratings).</summary>
    public long RawDuplicatesDropped { get; init; }

    /// <summary>Rows of a raw ratings file with rating 0, which binarisation turns into "no interaction".</summary>
    public long ZeroRatingsDropped { get; init; }

    /// <summary>How train/test were obtained ("given split", "per-user 80/20 split, seed 42", "synthetic …").</summary>
    public string SplitDescription { get; init; } = "given split";

    /// <summary>Human-readable notes (e.g. ratings binarised).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
