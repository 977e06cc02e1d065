using UnlearnRec.Integration.Tests.Infrastructure;

namespace UnlearnRec.Integration.Tests;

/// <summary>Tests sharing one local cluster (run one at a time).</summary>
[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "local cluster";
}
