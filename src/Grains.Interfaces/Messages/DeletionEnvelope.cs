using MessagePack;

namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// The MessagePack form of a deletion request, for producers outside Orleans: the HTTP ingress accepts it as an
/// <c>application/x-msgpack</c> body, and upstream services put it (base64-encoded) on the deletion Azure queues.
/// Encoded as a MessagePack array: <c>[version, requestId, scope, user, items, occurredAtUnixMs]</c>, where scope is
/// <c>"interactions"</c>, <c>"user"</c> or <c>"item"</c>.
/// </summary>
[MessagePackObject]
public sealed class DeletionEnvelope
{
    /// <summary>Envelope format this build writes and reads.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Envelope format version.</summary>
    [Key(0)]
    public int Version { get; set; } = CurrentVersion;

    /// <summary>Request id (deduplication key).</summary>
    [Key(1)]
    public string? RequestId { get; set; }

    /// <summary>"interactions", "user" or "item".</summary>
    [Key(2)]
    public string? Scope { get; set; }

    /// <summary>User id (interactions and user scopes).</summary>
    [Key(3)]
    public long User { get; set; }

    /// <summary>Item ids (interactions scope), or the one item (item scope).</summary>
    [Key(4)]
    public long[]? Items { get; set; }

    /// <summary>When the producer created the request (Unix milliseconds; 0 if unknown).</summary>
    [Key(5)]
    public long OccurredAtUnixMs { get; set; }

    /// <summary>The envelope of a request.</summary>
    public static DeletionEnvelope From(DeletionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new DeletionEnvelope
        {
            RequestId = request.RequestId,
            Scope = ScopeName(request.Scope),
            User = request.UserId,
            Items = request.ItemIds,
            OccurredAtUnixMs = request.SubmittedAtUnixMs,
        };
    }

    /// <summary>Parses a scope name (case-insensitive); null when unknown.</summary>
    public static DeletionRequestScope? ParseScope(string? scope) => (scope ?? "interactions").Trim().ToLowerInvariant() switch
    {
        "interactions" or "interaction" => DeletionRequestScope.Interactions,
        "user" => DeletionRequestScope.User,
        "item" => DeletionRequestScope.Item,
        _ => null,
    };

    /// <summary>Wire name of a scope.</summary>
    public static string ScopeName(DeletionRequestScope scope) => scope switch
    {
        DeletionRequestScope.User => "user",
        DeletionRequestScope.Item => "item",
        _ => "interactions",
    };

    /// <summary>MessagePack bytes of this envelope.</summary>
    public byte[] ToBytes() => MessagePackSerializer.Serialize(this);

    /// <summary>Decodes MessagePack bytes; throws <see cref="MessagePackSerializationException"/> when they are not an envelope.</summary>
    public static DeletionEnvelope FromBytes(ReadOnlyMemory<byte> bytes) => MessagePackSerializer.Deserialize<DeletionEnvelope>(bytes);

    /// <summary>
    /// The request this envelope describes, or a request marked with <see cref="DeletionRequest.InvalidReason"/> when
    /// the envelope is not usable (so the ledger can record the rejection).
    /// </summary>
    public DeletionRequest ToRequest()
    {
        var id = RequestId ?? "";
        if (Version != CurrentVersion)
        {
            return new DeletionRequest(id, DeletionRequestScope.Interactions, User, []) { InvalidReason = $"envelope version {Version} is not supported (expected {CurrentVersion})" };
        }

        var scope = ParseScope(Scope);
        if (scope is null)
        {
            return new DeletionRequest(id, DeletionRequestScope.Interactions, User, []) { InvalidReason = $"unknown scope '{Scope}' (expected interactions, user or item)" };
        }

        return new DeletionRequest(id, scope.Value, scope == DeletionRequestScope.Item ? 0 : User, Items ?? [], OccurredAtUnixMs);
    }
}
