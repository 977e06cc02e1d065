using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Client.Online;

/// <summary>Typed client of a silo's HTTP ingress (bearer token included in every call).</summary>
public sealed class IngressClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    /// <summary>Creates a client for <paramref name="baseAddress"/>.</summary>
    public IngressClient(Uri baseAddress, string token, int maxConnections = 64)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>The silo's base address.</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary>Submits a deletion request (JSON); returns the 202 answer.</summary>
    public async Task<DeletionAcceptedResponse> SubmitAsync(DeletionRequestBody body, CancellationToken cancellationToken)
    {
        // serialized up front so the request carries a Content-Length (PostAsJsonAsync streams it chunked), as most
        // HTTP clients send it; the silo then reads the body in one piece
        return await SubmitRawAsync(JsonSerializer.SerializeToUtf8Bytes(body, Json), "application/json", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Submits raw bytes with a content type (e.g. a MessagePack envelope).</summary>
    public async Task<DeletionAcceptedResponse> SubmitRawAsync(byte[] body, string contentType, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.PostAsync("deletions", content, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<DeletionAcceptedResponse>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The status of one request, or null when unknown.</summary>
    public async Task<DeletionStatusResponse?> GetStatusAsync(string requestId, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("deletions/" + Uri.EscapeDataString(requestId), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<DeletionStatusResponse>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statuses of many requests (unknown ids are left out).</summary>
    public async Task<DeletionStatusResponse[]> QueryStatusesAsync(IReadOnlyList<string> requestIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requestIds);
        var all = new List<DeletionStatusResponse>(requestIds.Count);
        foreach (var chunk in requestIds.Chunk(5000))
        {
            using var response = await _http.PostAsJsonAsync("deletions/query", new StatusQueryRequest(chunk), Json, cancellationToken).ConfigureAwait(false);
            await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
            var page = await response.Content.ReadFromJsonAsync<StatusQueryResponse>(Json, cancellationToken).ConfigureAwait(false);
            all.AddRange(page!.Statuses);
        }

        return [.. all];
    }

    /// <summary>Top-k recommendations, or null for an unknown user.</summary>
    public async Task<RecommendationResponse?> RecommendAsync(long user, int k, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"recommendations/{user}?k={k}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<RecommendationResponse>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Engine and ledger status.</summary>
    public async Task<ClusterStatusResponse> ClusterStatusAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("status", cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return (await response.Content.ReadFromJsonAsync<ClusterStatusResponse>(Json, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// Waits until no request is open in any ledger and the engine has no pending rows (the neighbourhood of recent
    /// requests, which background flushes deliver), or until <paramref name="timeout"/>. Returns true when settled;
    /// <paramref name="progress"/> hears (open requests, pending rows) about every two seconds while waiting.
    /// </summary>
    public async Task<bool> WaitUntilSettledAsync(TimeSpan timeout, Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var lastReport = DateTime.UtcNow;
        while (true)
        {
            var status = await ClusterStatusAsync(cancellationToken).ConfigureAwait(false);
            var pending = status.Engine?.PendingRows ?? 0;
            var open = status.Partitions.Sum(p => p.Received + p.Batched);
            if (pending == 0 && open == 0)
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            if (DateTime.UtcNow - lastReport > TimeSpan.FromSeconds(2))
            {
                progress?.Invoke(open, pending);
                lastReport = DateTime.UtcNow;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What a user grain serves, or null when the user is not served.</summary>
    public async Task<ServedUserResponse?> ServedUserAsync(long user, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync($"served/users/{user}", cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<ServedUserResponse>(Json, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Streams an export part (users.tsv, items.tsv, forgotten.tsv) into <paramref name="destination"/>.</summary>
    public async Task DownloadExportAsync(string part, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("served/export/" + part, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the silo's readiness probe passes.</summary>
    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync("readyz", cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Asks for a consolidation; returns the new engine version or null.</summary>
    public async Task<long?> ConsolidateAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsync("admin/consolidate", null, cancellationToken).ConfigureAwait(false);
        await EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), cancellationToken: cancellationToken).ConfigureAwait(false);
        var version = document.RootElement.GetProperty("version");
        return version.ValueKind == JsonValueKind.Null ? null : version.GetInt64();
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        string detail;
        try
        {
            detail = (await response.Content.ReadFromJsonAsync<ErrorResponse>(Json, cancellationToken).ConfigureAwait(false))?.Error ?? "";
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            detail = "";
        }

        throw new IngressException(response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}{(detail.Length > 0 ? ": " + detail : "")}");
    }
}
