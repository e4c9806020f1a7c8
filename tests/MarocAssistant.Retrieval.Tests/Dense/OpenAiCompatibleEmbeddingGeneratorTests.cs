using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Dense;
using Microsoft.AspNetCore.Http;
using MarocAssistant.Testing;
using Microsoft.Extensions.AI;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Dense;

public sealed class OpenAiCompatibleEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_LoopbackEndpoint_SendsOpenAiRequestAndOrdersByIndex()
    {
        await using var server = await LoopbackServer.StartAsync((context, request) =>
        {
            var body = JsonNode.Parse(request.Body)!;
            var inputs = body["input"]!.AsArray();

            // Answer out of order: the client must sort by "index".
            var data = new JsonArray();
            for (var i = inputs.Count - 1; i >= 0; i--)
            {
                data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = new JsonArray(i, inputs[i]!.GetValue<string>().Length, 0.5) });
            }

            var response = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = body["model"]!.GetValue<string>(), ["usage"] = new JsonObject { ["prompt_tokens"] = 7, ["total_tokens"] = 7 } };
            return Reply(context, 200, response.ToJsonString());
        });
        using var generator = new OpenAiCompatibleEmbeddingGenerator(new EmbeddingEndpointOptions
        {
            BaseUrl = new Uri(server.BaseUrl + "/v1/"),
            Model = "nomic-embed-text",
            ApiKey = "secret",
        });

        var embeddings = await generator.GenerateAsync(["passeport", "lbasbor dyali"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([0f, 9f, 0.5f], embeddings[0].Vector.ToArray());
        Assert.Equal([1f, 13f, 0.5f], embeddings[1].Vector.ToArray());
        Assert.Equal(7, embeddings.Usage?.InputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/embeddings", request.PathAndQuery);
        Assert.Equal("Bearer secret", request.Headers["Authorization"]);
        var sent = JsonNode.Parse(request.Body)!;
        Assert.Equal("nomic-embed-text", sent["model"]!.GetValue<string>());
        Assert.Equal("float", sent["encoding_format"]!.GetValue<string>());
        Assert.Null(sent["dimensions"]);
    }

    [Fact]
    public async Task GenerateAsync_ServerError_ThrowsWithStatus()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Reply(context, 503, "{\"error\":{\"message\":\"model loading\"}}"));
        using var generator = new OpenAiCompatibleEmbeddingGenerator(new EmbeddingEndpointOptions { BaseUrl = new Uri(server.BaseUrl), Model = "m" });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => generator.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("model loading", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_WrongCount_IsRejected()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Reply(context, 200, "{\"data\":[]}"));
        using var generator = new OpenAiCompatibleEmbeddingGenerator(new EmbeddingEndpointOptions { BaseUrl = new Uri(server.BaseUrl), Model = "m" });

        await Assert.ThrowsAsync<InvalidDataException>(() => generator.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EmbeddingGeneratorEmbedder_ProbesDimensionsAndEmbedsRecords()
    {
        await using var server = await LoopbackServer.StartAsync((context, request) =>
        {
            var count = JsonNode.Parse(request.Body)!["input"]!.AsArray().Count;
            var data = new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)new JsonObject { ["index"] = i, ["embedding"] = new JsonArray(1, 2, 3) }).ToArray());
            return Reply(context, 200, new JsonObject { ["data"] = data }.ToJsonString());
        });
        using var generator = new OpenAiCompatibleEmbeddingGenerator(new EmbeddingEndpointOptions { BaseUrl = new Uri(server.BaseUrl), Model = "m" });

        var embedder = await EmbeddingGeneratorEmbedder.CreateAsync(generator, "test", TestContext.Current.CancellationToken);
        var vector = await embedder.EmbedProcedureAsync(TestCorpus.Records[1], TestContext.Current.CancellationToken);

        Assert.Equal(3, embedder.Dimensions);
        Assert.Equal([1f, 2f, 3f], vector);
        Assert.Contains("Lbasbor", JsonNode.Parse(server.Requests.Last().Body)!["input"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task Reply(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
