using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Grains.Options;
using UnlearnRec.Grains.Recommendations;

namespace UnlearnRec.Silo.Ingress;

/// <summary>
/// The HTTP ingress of a silo. Every route except the health probes requires the bearer token. Deletions are
/// acknowledged (202) only after the owning partition's ledger has durably recorded them.
/// </summary>
public static class IngressEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the ingress routes.</summary>
    public static IEndpointRouteBuilder MapUnlearnRecIngress(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("").AddEndpointFilter<BearerTokenFilter>();
        api.MapPost("/deletions", SubmitAsync);
        api.MapGet("/deletions/{requestId}", GetStatusAsync);
        api.MapPost("/deletions/query", QueryStatusesAsync);
        api.MapGet("/recommendations/{user:long}", RecommendAsync);
        api.MapGet("/status", ClusterStatusAsync);
        api.MapGet("/served/users/{user:long}", ServedUserAsync);
        api.MapGet("/served/export/{part}", ExportAsync);
        api.MapPost("/admin/consolidate", ConsolidateAsync);
        return endpoints;
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context,
        IGrainFactory grains,
        IOptions<IngressOptions> ingress,
        IOptions<ServingTopologyOptions> topology,
        IOptions<DeletionLedgerOptions> ledger,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(IngressEndpoints));
        var body = await ReadBodyAsync(context.Request, ingress.Value.MaxBodyBytes);
        if (body is null)
        {
            return Results.Json(new ErrorResponse($"the body exceeds {ingress.Value.MaxBodyBytes} bytes"), statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        var (request, parseError) = Parse(context.Request.ContentType, body);
        var error = parseError ?? DeletionRequestValidator.Validate(request, ledger.Value.MaxItemsPerRequest);
        if (error is not null)
        {
            IngressLogMessages.BadRequest(logger, error);
            return parseError == UnsupportedMediaType
                ? Results.Json(new ErrorResponse(error), statusCode: StatusCodes.Status415UnsupportedMediaType)
                : Results.BadRequest(new ErrorResponse(error));
        }

        var partition = ServingTopology.PartitionOf(request!, topology.Value.DeletionPartitions);
        try
        {
            var receipt = await grains.GetGrain<IDeletionPartitionGrain>(partition).SubmitAsync(request!);
            var url = "/deletions/" + Uri.EscapeDataString(receipt.RequestId);
            return Results.Json(
                new DeletionAcceptedResponse(receipt.RequestId, IngressText.State(receipt.State), receipt.Duplicate, receipt.Partition, url),
                statusCode: StatusCodes.Status202Accepted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            IngressLogMessages.Unavailable(logger, e, context.Request.Path);
            return Results.Json(new ErrorResponse("the request could not be recorded; it was not accepted, retry with the same request id"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static async Task<IResult> GetStatusAsync(string requestId, IGrainFactory grains, IOptions<ServingTopologyOptions> topology)
    {
        // the id alone does not say which partition owns the request: ask all (cheap, partitions are few)
        var lookups = Enumerable.Range(0, topology.Value.DeletionPartitions)
            .Select(p => grains.GetGrain<IDeletionPartitionGrain>(p).GetStatusAsync(requestId));
        var found = (await Task.WhenAll(lookups)).FirstOrDefault(s => s is not null);
        return found is null
            ? Results.NotFound(new ErrorResponse($"request '{requestId}' is unknown (never accepted, or older than the ledger's history)"))
            : Results.Ok(DeletionStatusResponse.From(found));
    }

    private static async Task<IResult> QueryStatusesAsync(StatusQueryRequest query, IGrainFactory grains, IOptions<ServingTopologyOptions> topology)
    {
        if (query?.Ids is null || query.Ids.Length > 10_000)
        {
            return Results.BadRequest(new ErrorResponse("send {\"ids\": [...]} with at most 10,000 ids"));
        }

        var lookups = Enumerable.Range(0, topology.Value.DeletionPartitions)
            .Select(p => grains.GetGrain<IDeletionPartitionGrain>(p).GetStatusesAsync(query.Ids));
        var statuses = (await Task.WhenAll(lookups)).SelectMany(s => s).Select(DeletionStatusResponse.From).ToArray();
        return Results.Ok(new StatusQueryResponse(statuses));
    }

    private static async Task<IResult> RecommendAsync(long user, int? k, IGrainFactory grains)
    {
        var count = k ?? 10;
        if (count is < 1 or > RecommendationGrain.MaxK)
        {
            return Results.BadRequest(new ErrorResponse($"k must be between 1 and {RecommendationGrain.MaxK}"));
        }

        var recommendation = await grains.GetGrain<IRecommendationGrain>(GrainKeys.StatelessWorker).RecommendAsync(user, count);
        if (!recommendation.KnownUser)
        {
            return Results.NotFound(new ErrorResponse($"user {user} is not served"));
        }

        var items = recommendation.ItemIds.Zip(recommendation.Scores, (i, s) => new ScoredItemResponse(i, s)).ToArray();
        return Results.Ok(new RecommendationResponse(user, recommendation.UserVersion, items));
    }

    private static async Task<IResult> ClusterStatusAsync(IGrainFactory grains, IOptions<ServingTopologyOptions> topology, ILocalSiloDetails silo)
    {
        var partitions = await Task.WhenAll(Enumerable.Range(0, topology.Value.DeletionPartitions)
            .Select(p => grains.GetGrain<IDeletionPartitionGrain>(p).GetSummaryAsync()));
        EngineStatus? engine = null;
        string? engineError = null;
        try
        {
            engine = await grains.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).DescribeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            engineError = $"the influence grain did not answer ({e.GetType().Name}: {e.Message}); is a gpu-role silo up?";
        }

        return Results.Ok(new ClusterStatusResponse(engine, engineError, partitions, silo.SiloAddress.ToString()));
    }

    private static async Task<IResult> ServedUserAsync(long user, IGrainFactory grains)
    {
        var view = await grains.GetGrain<IUserGrain>(user).GetViewAsync();
        return view.Exists
            ? Results.Ok(new ServedUserResponse(user, view.Version, PackedVectors.Unpack(view.Embedding), view.Interactions))
            : Results.NotFound(new ErrorResponse($"user {user} is not served"));
    }

    private static async Task ExportAsync(string part, HttpContext context, IGrainFactory grains, IOptions<ServingTopologyOptions> topology)
    {
        var response = context.Response;
        var influence = grains.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary);
        switch (part)
        {
            case "users.tsv":
                {
                    response.ContentType = "text/tab-separated-values";
                    var ids = (await influence.GetModelIdsAsync()).UserIds;
                    const int Chunk = 256;
                    for (var start = 0; start < ids.Length; start += Chunk)
                    {
                        var views = await Task.WhenAll(ids.Skip(start).Take(Chunk).Select(u => grains.GetGrain<IUserGrain>(u).GetViewAsync()));
                        var text = new StringBuilder();
                        foreach (var view in views.Where(v => v.Exists))
                        {
                            AppendRow(text, view.UserId, PackedVectors.View(view.Embedding));
                        }

                        await response.WriteAsync(text.ToString(), context.RequestAborted);
                    }

                    break;
                }

            case "items.tsv":
                {
                    response.ContentType = "text/tab-separated-values";
                    var exports = await Task.WhenAll(Enumerable.Range(0, topology.Value.ItemShards).Select(s => grains.GetGrain<IItemShardGrain>(s).ExportAsync()));
                    var rows = exports.SelectMany(e => Enumerable.Range(0, e.Rows.Count).Select(i => (Id: e.Rows.Ids[i], Export: e, Index: i))).OrderBy(r => r.Id);
                    var text = new StringBuilder();
                    foreach (var (id, export, index) in rows)
                    {
                        AppendRow(text, id, export.Rows.Row(index));
                    }

                    await response.WriteAsync(text.ToString(), context.RequestAborted);
                    break;
                }

            case "forgotten.tsv":
                {
                    response.ContentType = "text/tab-separated-values";
                    var forgotten = await influence.GetForgottenAsync();
                    var text = new StringBuilder("user\titem\n");
                    for (var i = 0; i < forgotten.UserIds.Length; i++)
                    {
                        text.Append(forgotten.UserIds[i].ToString(CultureInfo.InvariantCulture)).Append('\t')
                            .Append(forgotten.ItemIds[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    await response.WriteAsync(text.ToString(), context.RequestAborted);
                    break;
                }

            default:
                response.StatusCode = StatusCodes.Status404NotFound;
                await response.WriteAsJsonAsync(new ErrorResponse("export parts are users.tsv, items.tsv and forgotten.tsv"), context.RequestAborted);
                break;
        }
    }

    private static async Task<IResult> ConsolidateAsync(IGrainFactory grains)
    {
        var version = await grains.GetGrain<IInfluenceGrain>(GrainKeys.InfluencePrimary).ConsolidateAsync();
        return Results.Ok(new { version });
    }

    private static void AppendRow(StringBuilder text, long id, ReadOnlySpan<float> values)
    {
        text.Append(id.ToString(CultureInfo.InvariantCulture));
        foreach (var v in values)
        {
            // shortest round-trippable form: a re-read gives the same float
            text.Append('\t').Append(v.ToString(CultureInfo.InvariantCulture));
        }

        text.Append('\n');
    }

    private const string UnsupportedMediaType = "use Content-Type application/json or application/x-msgpack";

    private static (DeletionRequest? Request, string? Error) Parse(string? contentType, byte[] body)
    {
        var media = (contentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();
        if (media is "application/x-msgpack" or "application/msgpack" or "application/vnd.msgpack")
        {
            try
            {
                var request = DeletionEnvelope.FromBytes(body).ToRequest();
                return (request, request.InvalidReason);
            }
            catch (Exception e) when (e is MessagePack.MessagePackSerializationException or InvalidOperationException)
            {
                return (null, "the body is not a MessagePack deletion envelope [version, requestId, scope, user, items, occurredAtUnixMs]");
            }
        }

        if (media is not ("application/json" or "text/json"))
        {
            return (null, UnsupportedMediaType);
        }

        DeletionRequestBody? dto;
        try
        {
            dto = JsonSerializer.Deserialize<DeletionRequestBody>(body, Json);
        }
        catch (JsonException e)
        {
            return (null, $"the body is not valid JSON ({e.Message})");
        }

        if (dto is null)
        {
            return (null, "the body is empty");
        }

        var scope = DeletionEnvelope.ParseScope(dto.Scope);
        if (scope is null)
        {
            return (null, $"unknown scope '{dto.Scope}' (expected interactions, user or item)");
        }

        switch (scope.Value)
        {
            case DeletionRequestScope.Item:
                var item = dto.Item ?? (dto.Items is { Length: 1 } one ? one[0] : (long?)null);
                return item is null
                    ? (null, "an item-scope request needs \"item\"")
                    : (DeletionRequest.ForItem(dto.RequestId ?? "", item.Value) with { SubmittedAtUnixMs = dto.OccurredAtUnixMs ?? 0 }, null);
            default:
                if (dto.User is null)
                {
                    return (null, "\"user\" is required");
                }

                var items = dto.Items ?? [];
                return (new DeletionRequest(dto.RequestId ?? "", scope.Value, dto.User.Value, items, dto.OccurredAtUnixMs ?? 0), null);
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength is { } length)
        {
            if (length > limit)
            {
                return null;
            }

            // the usual case: the client said how long the body is, so it goes straight into an array of that size
            var body = new byte[length];
            var filled = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false);
            return filled == body.Length ? body : body[..filled];
        }

        // chunked: the length is known only at the end
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(8192);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }
}
