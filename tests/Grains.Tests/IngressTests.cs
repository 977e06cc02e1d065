using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using UnlearnRec.Grains.Interfaces;
using UnlearnRec.Silo.Ingress;

namespace UnlearnRec.Grains.Tests;

/// <summary>The HTTP API of a silo, against a real Kestrel listener.</summary>
public sealed class IngressTests(EmbeddedSiloFixture fixture) : IClassFixture<EmbeddedSiloFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ProbesAnswerWithoutAToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync("healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Anonymous.GetAsync("readyz")).StatusCode);
    }

    [Fact]
    public async Task EveryOtherRouteNeedsTheBearerToken()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.PostAsJsonAsync("deletions", new { requestId = "x", user = 1, items = new[] { 2 } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.GetAsync("status")).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "recommendations/1000");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Silo.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Anonymous.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task JsonDeletionIsAcceptedThenAppliedAndADuplicateIsFlagged()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 7);
        var response = await fixture.Http.PostAsJsonAsync("deletions", new { requestId = "http-json-1", user, items = new[] { item } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<DeletionAcceptedResponse>(Json);
        Assert.Equal(("http-json-1", false), (accepted!.RequestId, accepted.Duplicate));
        Assert.Contains(accepted.State, new[] { "received", "batched", "applied" }); // the batch may already have picked it up
        var status = await WaitAsync("http-json-1");
        Assert.Equal("applied", status.State);
        Assert.True(status.EngineVersion > 0);
        Assert.Equal(1, status.EdgesRemoved);
        Assert.Equal(32, status.ContentHash.Length);

        var again = await (await fixture.Http.PostAsJsonAsync("deletions", new { requestId = "http-json-1", user, items = new[] { item } })).Content.ReadFromJsonAsync<DeletionAcceptedResponse>(Json);
        Assert.True(again!.Duplicate);
        Assert.Equal("applied", again.State);
    }

    [Fact]
    public async Task MessagePackEnvelopeIsAccepted()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 77);
        var envelope = DeletionEnvelope.From(DeletionRequest.ForInteractions("http-msgpack-1", user, item));
        using var content = new ByteArrayContent(envelope.ToBytes());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-msgpack");

        var response = await fixture.Http.PostAsync("deletions", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("applied", (await WaitAsync("http-msgpack-1")).State);
    }

    [Fact]
    public async Task UnknownUserIsAcceptedThenRejectedWithAReason()
    {
        var response = await fixture.Http.PostAsJsonAsync("deletions", new { requestId = "http-unknown-user", user = 5, items = new[] { 50_001 } });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var status = await WaitAsync("http-unknown-user");
        Assert.Equal("rejected", status.State);
        Assert.Contains("unknown user", status.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"requestId\":\"bad-1\",\"user\":1}", "application/json")] // no items
    [InlineData("{\"requestId\":\"bad 2\",\"user\":1,\"items\":[1]}", "application/json")] // bad id characters
    [InlineData("{\"requestId\":\"bad-3\",\"scope\":\"everything\",\"user\":1}", "application/json")]
    [InlineData("{not json", "application/json")]
    [InlineData("\u0001\u0002", "application/x-msgpack")]
    public async Task MalformedRequestsGetABadRequestAndAreNotRecorded(string body, string contentType)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await fixture.Http.PostAsync("deletions", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrEmpty((await response.Content.ReadFromJsonAsync<ErrorResponse>(Json))!.Error));
    }

    [Fact]
    public async Task WrongMediaTypeAndOversizedBodiesAreRefused()
    {
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await fixture.Http.PostAsync("deletions", text)).StatusCode);
        var huge = new { requestId = "too-big", user = 1, items = Enumerable.Range(0, 20_000).ToArray() };
        // PostAsJsonAsync streams the body chunked (length unknown until the end); a byte array carries a Content-Length
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await fixture.Http.PostAsJsonAsync("deletions", huge)).StatusCode);
        using var sized = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(huge, Json));
        sized.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await fixture.Http.PostAsync("deletions", sized)).StatusCode);
    }

    [Fact]
    public async Task RecommendationsAndStatusAnswer()
    {
        var (user, _) = TestBundles.Edge(fixture.Bundle, 0);
        var recommendation = await fixture.Http.GetFromJsonAsync<RecommendationResponse>($"recommendations/{user}?k=5", Json);
        Assert.Equal(5, recommendation!.Items.Length);
        Assert.Empty(recommendation.Items.Select(i => i.Item).Intersect(TestBundles.ItemsOf(fixture.Bundle, user)));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync("recommendations/3")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await fixture.Http.GetAsync($"recommendations/{user}?k=0")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Http.GetAsync("deletions/never-sent")).StatusCode);

        var status = await fixture.Http.GetFromJsonAsync<ClusterStatusResponse>("status", Json);
        Assert.NotNull(status!.Engine);
        Assert.True(status.Engine!.Seeded);
        Assert.Equal(8, status.Partitions.Length);
    }

    [Fact]
    public async Task ExportListsEveryServedRowInTheExportFormat()
    {
        var (user, item) = TestBundles.Edge(fixture.Bundle, 123);
        await fixture.Http.PostAsJsonAsync("deletions", new { requestId = "http-export-1", user, items = new[] { item } });
        await WaitAsync("http-export-1");

        var users = (await fixture.Http.GetStringAsync("served/export/users.tsv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var items = (await fixture.Http.GetStringAsync("served/export/items.tsv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var forgotten = (await fixture.Http.GetStringAsync("served/export/forgotten.tsv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(TestBundles.SmallSpec.Users, users.Length);
        Assert.Equal(TestBundles.SmallSpec.Items, items.Length);
        Assert.All(users, line => Assert.Equal(1 + TestBundles.SmallSpec.Dim, line.Split('\t').Length));
        Assert.Equal("user\titem", forgotten[0]);
        Assert.Contains($"{user}\t{item}", forgotten);
        var served = await fixture.Http.GetFromJsonAsync<ServedUserResponse>($"served/users/{user}", Json);
        var exported = users.Single(l => l.StartsWith(user + "\t", StringComparison.Ordinal)).Split('\t').Skip(1).Select(v => float.Parse(v, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(served!.Embedding, exported);
    }

    private async Task<DeletionStatusResponse> WaitAsync(string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await fixture.Http.GetAsync("deletions/" + id);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = (await response.Content.ReadFromJsonAsync<DeletionStatusResponse>(Json))!;
                if (status.State is "applied" or "rejected")
                {
                    return status;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"request {id} did not complete");
            await Task.Delay(20);
        }
    }
}
