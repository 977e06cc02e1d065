namespace UnlearnRec.Silo.Ingress;

/// <summary>
/// JSON body of <c>POST /deletions</c>: <c>{"requestId":"r1","scope":"interactions","user":42,"items":[7,9]}</c>;
/// scope <c>user</c> needs only <c>user</c>; scope <c>item</c> needs <c>item</c> (or a one-element <c>items</c>).
/// </summary>
public sealed record DeletionRequestBody
{
    /// <summary>Caller-chosen id (deduplication key).</summary>
    public string? RequestId { get; init; }

    /// <summary>interactions (default), user or item.</summary>
    public string? Scope { get; init; }

    /// <summary>User id.</summary>
    public long? User { get; init; }

    /// <summary>Item ids (interactions scope).</summary>
    public long[]? Items { get; init; }

    /// <summary>Item id (item scope).</summary>
    public long? Item { get; init; }

    /// <summary>When the producer created the request (Unix ms).</summary>
    public long? OccurredAtUnixMs { get; init; }
}
