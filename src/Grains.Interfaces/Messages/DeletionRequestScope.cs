namespace UnlearnRec.Grains.Interfaces;

/// <summary>Granularity of a deletion request on the wire (mirrors <c>UnlearnRec.Core.Unlearning.DeletionScope</c>).</summary>
[GenerateSerializer]
[Alias("unlearnrec.deletion-scope")]
public enum DeletionRequestScope
{
    /// <summary>Listed interactions of one user.</summary>
    Interactions = 0,

    /// <summary>Every interaction of a user.</summary>
    User = 1,

    /// <summary>Every interaction with one item.</summary>
    Item = 2,
}
