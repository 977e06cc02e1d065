namespace UnlearnRec.Core.Unlearning;

/// <summary>Granularity of a deletion (unlearning) request.</summary>
public enum DeletionScope
{
    /// <summary>Listed interactions of one user.</summary>
    Interactions = 0,

    /// <summary>Every interaction of a user (the user's personal data is purged).</summary>
    User = 1,

    /// <summary>Every interaction with an item.</summary>
    Item = 2,
}
