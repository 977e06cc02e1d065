using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;

namespace UnlearnRec.Grains.Streaming;

/// <summary>
/// Maps Azure Queue messages to deletion requests and back. A message is base64 of a MessagePack
/// <see cref="DeletionEnvelope"/>, so upstream services can enqueue requests without Orleans; the adapter routes each
/// to the stream of its partition, whose implicit subscriber is the partition grain. A message that cannot be decoded
/// is never thrown on (that would stall the queue): it becomes a request marked invalid, which the ledger records as
/// rejected.
/// </summary>
public sealed class DeletionQueueDataAdapter(IOptions<ServingTopologyOptions> topology) : IQueueDataAdapter<string, IBatchContainer>
{
    /// <inheritdoc />
    public string ToQueueMessage<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = events.ToList();
        if (list.Count != 1 || list[0] is not DeletionRequest request)
        {
            throw new NotSupportedException($"the deletion queue carries exactly one {nameof(DeletionRequest)} per message (got {list.Count} events of type {typeof(T).Name})");
        }

        return Convert.ToBase64String(DeletionEnvelope.From(request).ToBytes());
    }

    /// <inheritdoc />
    public IBatchContainer FromQueueMessage(string queueMessage, long sequenceId)
    {
        var request = Decode(queueMessage);
        var partition = ServingTopology.PartitionOf(request, topology.Value.DeletionPartitions);
        var streamId = StreamId.Create(StreamNames.DeletionNamespace, partition);
        return new DeletionBatchContainer(streamId, request, new EventSequenceTokenV2(sequenceId));
    }

    /// <summary>Decodes one queue message into a request (marked invalid when it is not an envelope).</summary>
    public static DeletionRequest Decode(string? queueMessage)
    {
        try
        {
            var bytes = Convert.FromBase64String(queueMessage ?? "");
            var request = DeletionEnvelope.FromBytes(bytes).ToRequest();
            return string.IsNullOrEmpty(request.RequestId) ? request with { RequestId = MalformedId(queueMessage), InvalidReason = request.InvalidReason ?? "requestId is required" } : request;
        }
        catch (Exception e) when (e is FormatException or MessagePack.MessagePackSerializationException or InvalidOperationException)
        {
            return new DeletionRequest(MalformedId(queueMessage), DeletionRequestScope.Interactions, 0, [])
            {
                InvalidReason = $"queue message is not a base64 MessagePack deletion envelope ({e.GetType().Name})",
            };
        }
    }

    // A stable id for an undecodable message, so redeliveries of the same message are deduplicated.
    private static string MalformedId(string? message) =>
        "malformed-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message ?? "")).AsSpan(0, 12));
}
