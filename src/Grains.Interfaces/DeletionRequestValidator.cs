using System.Buffers;

namespace UnlearnRec.Grains.Interfaces;

/// <summary>
/// Shape checks every ingress applies before a request is recorded (the engine later checks the ids against the
/// model). Shared by the HTTP ingress, the queue adapter and the partition grain so all paths reject the same input.
/// </summary>
public static class DeletionRequestValidator
{
    /// <summary>Longest accepted request id.</summary>
    public const int MaxRequestIdLength = 128;

    private static readonly SearchValues<char> RequestIdCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:@");

    /// <summary>Returns why the request is malformed, or null when its shape is acceptable.</summary>
    public static string? Validate(DeletionRequest? request, int maxItemsPerRequest)
    {
        if (request is null)
        {
            return "the request is empty";
        }

        if (request.InvalidReason is { } reason)
        {
            return reason;
        }

        if (string.IsNullOrEmpty(request.RequestId))
        {
            return "requestId is required";
        }

        if (request.RequestId.Length > MaxRequestIdLength)
        {
            return $"requestId is longer than {MaxRequestIdLength} characters";
        }

        if (request.RequestId.AsSpan().ContainsAnyExcept(RequestIdCharacters))
        {
            return "requestId may contain only letters, digits and - _ . : @";
        }

        var items = request.ItemIds ?? [];
        return request.Scope switch
        {
            DeletionRequestScope.Interactions when items.Length == 0 => "an interactions request lists at least one item",
            DeletionRequestScope.Interactions when items.Length > maxItemsPerRequest => $"{items.Length} items exceed the limit of {maxItemsPerRequest} per request",
            DeletionRequestScope.User when items.Length > 0 => "a user-scope request lists no items",
            DeletionRequestScope.Item when items.Length != 1 => "an item-scope request names exactly one item",
            DeletionRequestScope.Interactions or DeletionRequestScope.User or DeletionRequestScope.Item => null,
            _ => $"unknown scope {(int)request.Scope}",
        };
    }
}
