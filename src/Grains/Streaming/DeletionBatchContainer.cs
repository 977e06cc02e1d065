using Orleans.Providers.Streams.Common;
using Orleans.Runtime;
using Orleans.Streams;
using UnlearnRec.Grains.Interfaces;

namespace UnlearnRec.Grains.Streaming;

/// <summary>One deletion request read from a queue message, addressed to its partition's stream.</summary>
[GenerateSerializer]
[Alias("unlearnrec.deletion-batch-container")]
public sealed class DeletionBatchContainer : IBatchContainer
{
    /// <summary>Creates a container.</summary>
    public DeletionBatchContainer(StreamId streamId, DeletionRequest request, EventSequenceTokenV2 token)
    {
        StreamId = streamId;
        Request = request;
        Token = token;
    }

    /// <inheritdoc />
    [Id(0)]
    public StreamId StreamId { get; }

    /// <summary>The request.</summary>
    [Id(1)]
    public DeletionRequest Request { get; }

    /// <summary>Position in the queue (not a deduplication key: the request id is).</summary>
    [Id(2)]
    public EventSequenceTokenV2 Token { get; }

    /// <inheritdoc />
    public StreamSequenceToken SequenceToken => Token;

    /// <inheritdoc />
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Request is T typed ? [Tuple.Create<T, StreamSequenceToken>(typed, Token.CreateSequenceTokenForEvent(0))] : [];

    /// <inheritdoc />
    public bool ImportRequestContext() => false;
}
