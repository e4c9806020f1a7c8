using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Qdrant;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>Dependencies that fail under the whole host: the LLM, Qdrant and the Graph API.</summary>
public sealed class FaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turn_LlmNeverAnswers_TemplateAnswerAfterTimeout()
    {
        // An OpenAI-compatible endpoint that accepts the request and never answers.
        await using var llm = await LoopbackServer.StartAsync(async (context, _) => await Task.Delay(Timeout.Infinite, context.RequestAborted));
        await using var host = AssistantHost.Start(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = llm.BaseUrl + "/v1",
            ["Llm:Model"] = "slow-model",
            ["Llm:TimeoutSeconds"] = "1",
        });
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("bghit ndir lakart awel mra")), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]![0]!;
        Assert.Equal("cnie-first", (string?)reply["channelData"]!["procedure"]);
        Assert.Contains("cnie.ma", (string?)reply["text"], StringComparison.Ordinal);
        Assert.NotEmpty(llm.Requests);
        Assert.Empty(host.Logs.Unhandled);
    }

    [Fact]
    public async Task Turn_LlmRefusesConnections_TemplateAnswer()
    {
        await using var host = AssistantHost.Start(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Llm:Model"] = "down-model",
            ["Llm:TimeoutSeconds"] = "2",
        });
        using var client = host.CreateClient();

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("bghit ndir lakart awel mra")), Ct);

        var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]![0]!;
        Assert.Equal("cnie-first", (string?)reply["channelData"]!["procedure"]);
        Assert.Empty(host.Logs.Unhandled);
    }

    [Fact]
    public async Task Turn_QdrantDown_EmbeddedIndexAnswersAndReadinessDegraded()
    {
        var options = new RetrievalOptions
        {
            Backend = RetrievalBackend.Qdrant,
            CorpusPath = RepoPaths.Corpus,
            ModelsPath = Path.Combine(Path.GetTempPath(), "no-models"),
            IndexPath = Path.Combine(Path.GetTempPath(), $"maroc-{Guid.NewGuid():N}.index"),
            UseDense = false,
        };
        using var qdrant = new QdrantProcedureIndex(new QdrantOptions { Endpoint = new Uri("http://127.0.0.1:9/"), MaxRetries = 0, InitialBackoff = TimeSpan.FromMilliseconds(1) });
        var search = await ProcedureSearchFactory.CreateAsync(options, qdrant, cancellationToken: Ct);
        var host = AssistantHost.Start(services: services => services.AddSingleton<IProcedureSearch>(search));
        await using (host)
        {
            using var client = host.CreateClient();

            using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("kifach njded passport")), Ct);
            using var readyRequest = new HttpRequestMessage(HttpMethod.Get, "/readyz");
            readyRequest.Headers.Add(MarocAssistant.Host.Admin.AdminOptions.HeaderName, AssistantHost.AdminKey);   // details are the administrator's
            using var ready = await client.SendAsync(readyRequest, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["activities"]![0]!;
            Assert.False(string.IsNullOrWhiteSpace((string?)reply["text"]));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var readiness = JsonNode.Parse(await ready.Content.ReadAsStringAsync(Ct))!;
            Assert.Equal("Degraded", (string?)readiness["checks"]!["retrieval"]!["status"]);
            Assert.Equal("Degraded", (string?)readiness["status"]);
        }
    }

    [Fact]
    public async Task WhatsApp_GraphFailsTwiceWith5xx_RetriedAndSentOnce()
    {
        await using var graph = await WhatsAppGraph.StartAsync(send => send <= 2 ? 503 : 200);
        await using var host = AssistantHost.Start(graph.Settings());
        using var client = host.CreateClient();
        var notification = WhatsAppGraph.Notification("wamid.fault-1", "salam");

        using var first = await WhatsAppGraph.PostAsync(client, notification, cancellationToken: Ct);
        await WhatsAppGraph.WaitForCompletedAsync(host, 1, Ct);
        using var retry = await WhatsAppGraph.PostAsync(client, notification, cancellationToken: Ct);
        await WhatsAppGraph.WaitForCompletedAsync(host, 2, Ct);

        // Three attempts of the same message (two 503s, one success), and nothing more for Meta's retry.
        var sends = graph.MessageSends.ToList();
        Assert.Equal(3, sends.Count);
        Assert.Single(sends.Select(s => s.Body).Distinct());
        Assert.Empty(host.Logs.Unhandled);
    }
}
