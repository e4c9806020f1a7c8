using System.ClientModel;
using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Dense;

public sealed class OpenAiEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_LoopbackEndpoint_SendsOpenAiRequestAndReadsVectors()
    {
        await using var server = await LoopbackServer.StartAsync((context, request) =>
            Reply(context, 200, Embeddings(request.Body, i => [i, InputAt(request.Body, i).Length, 0.5f]).ToJsonString()));
        using var http = new HttpClient();
        using var generator = OpenAiEmbeddingGenerator.Create(Options(server, apiKey: "secret"), http);

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
        Assert.Null(sent["dimensions"]);
    }

    [Fact]
    public async Task GenerateAsync_DimensionsConfigured_AsksForThem()
    {
        await using var server = await LoopbackServer.StartAsync((context, request) =>
            Reply(context, 200, Embeddings(request.Body, _ => [1f, 2f]).ToJsonString()));
        using var http = new HttpClient();
        using var generator = OpenAiEmbeddingGenerator.Create(Options(server, dimensions: 2), http);

        await generator.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, JsonNode.Parse(Assert.Single(server.Requests).Body)!["dimensions"]!.GetValue<int>());
    }

    [Fact]
    public async Task GenerateAsync_ServerError_ThrowsWithStatus()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Reply(context, 400, "{\"error\":{\"message\":\"model not found\"}}"));
        using var http = new HttpClient();
        using var generator = OpenAiEmbeddingGenerator.Create(Options(server), http);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, error.Status);
        Assert.Contains("model not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateHttpClient_TransientFailure_RetriedThenSucceeds()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync((context, request) =>
            Interlocked.Increment(ref calls) == 1
                ? Reply(context, 503, "{\"error\":{\"message\":\"model loading\"}}")
                : Reply(context, 200, Embeddings(request.Body, _ => [3f]).ToJsonString()));
        var options = Options(server);
        using var http = OpenAiEmbeddingGenerator.CreateHttpClient(options);
        using var generator = OpenAiEmbeddingGenerator.Create(options, http);

        var embeddings = await generator.GenerateAsync(["x"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([3f], embeddings[0].Vector.ToArray());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task EmbeddingGeneratorEmbedder_NoVectorForOneInput_IsRejected()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Reply(context, 200, "{\"object\":\"list\",\"data\":[],\"model\":\"m\"}"));
        using var http = new HttpClient();
        using var generator = OpenAiEmbeddingGenerator.Create(Options(server), http);

        await Assert.ThrowsAsync<InvalidDataException>(() => EmbeddingGeneratorEmbedder.CreateAsync(generator, "test", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task EmbedderLoader_EndpointDown_FallsBackToSparseOnly()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Reply(context, 404, "{\"error\":{\"message\":\"no such route\"}}"));
        var options = new RetrievalOptions { UseDense = true, EmbeddingEndpoint = Options(server) };

        var embedder = await EmbedderLoader.LoadAsync(options, TestCorpus.Encoder(), NullLogger.Instance, TestContext.Current.CancellationToken);

        Assert.Null(embedder);
    }

    [Fact]
    public async Task EmbeddingGeneratorEmbedder_ProbesDimensionsAndEmbedsRecords()
    {
        await using var server = await LoopbackServer.StartAsync((context, request) =>
            Reply(context, 200, Embeddings(request.Body, _ => [1f, 2f, 3f]).ToJsonString()));
        using var http = new HttpClient();
        using var generator = OpenAiEmbeddingGenerator.Create(Options(server), http);

        var embedder = await EmbeddingGeneratorEmbedder.CreateAsync(generator, "test", TestContext.Current.CancellationToken);
        var vector = await embedder.EmbedProcedureAsync(TestCorpus.Records[1], TestContext.Current.CancellationToken);

        Assert.Equal(3, embedder.Dimensions);
        Assert.Equal([1f, 2f, 3f], vector);
        Assert.Contains("Lbasbor", InputAt(server.Requests.Last().Body, 0), StringComparison.Ordinal);
    }

    private static EmbeddingEndpointOptions Options(LoopbackServer server, string? apiKey = null, int? dimensions = null) => new()
    {
        BaseUrl = new Uri(server.BaseUrl + "/v1/"),
        Model = "nomic-embed-text",
        ApiKey = apiKey,
        Dimensions = dimensions,
    };

    private static string InputAt(string body, int index)
    {
        var input = JsonNode.Parse(body)!["input"]!;
        return input is JsonArray array ? array[index]!.GetValue<string>() : input.GetValue<string>();
    }

    // An OpenAI embeddings response, in the encoding the client asked for ("base64" packs little-endian float32s).
    private static JsonObject Embeddings(string body, Func<int, float[]> vector)
    {
        var request = JsonNode.Parse(body)!;
        var count = request["input"] is JsonArray array ? array.Count : 1;
        var base64 = request["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var values = vector(i);
            JsonNode embedding = base64
                ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()))
                : new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        return new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request["model"]!.GetValue<string>(),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 7, ["total_tokens"] = 7 },
        };
    }

    private static async Task Reply(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }
}
