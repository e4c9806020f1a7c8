using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Channels.Rendering;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarocAssistant.Channels.Tests.WhatsApp;

/// <summary>
/// The WhatsApp channel with the real pipeline, a loopback "Graph API" that records every request, and helpers to sign
/// webhook bodies and to compute, with a second and independent pipeline, the replies expected.
/// </summary>
public sealed class WhatsAppHarness : IAsyncDisposable
{
    public const string AppSecret = "test_app_secret_123";
    public const string AccessToken = "test-access-token";
    public const string VerifyToken = "meatyhamhock";
    public const string ApiVersion = "v23.0";

    // A second, independent assistant that says what the channel's one should have answered. Each expectation uses a
    // conversation of its own, so it starts from a fresh state as the channel's conversation does.
    private static readonly Lazy<ServiceProvider> Reference = new(() => new ServiceCollection()
        .AddLogging()
        .AddMarocAssistant(new ConfigurationBuilder().Build())
        .BuildServiceProvider());

    private WhatsAppHarness(LoopbackServer graph, ChannelTestHost host, string phoneNumberId)
    {
        Graph = graph;
        Host = host;
        PhoneNumberId = phoneNumberId;
    }

    public LoopbackServer Graph { get; }

    public ChannelTestHost Host { get; }

    public string PhoneNumberId { get; }

    public string WebhookUrl => Host.BaseUrl + WhatsAppEndpoints.Path;

    public static string SpecFolder => RepoPaths.FixtureFile("whatsapp");

    /// <summary>
    /// Starts the Graph stand-in and the channel. <paramref name="graphStatus"/> picks the status of each message send
    /// (by its 1-based number); read receipts always succeed.
    /// </summary>
    public static async Task<WhatsAppHarness> StartAsync(string phoneNumberId = "1122334455667", Func<int, int>? graphStatus = null)
    {
        var sends = 0;
        var graph = await LoopbackServer.StartAsync(async (context, request) =>
        {
            if (request.Body.Contains("\"status\":\"read\"", StringComparison.Ordinal))
            {
                await context.Response.WriteAsync("{\"success\":true}", context.RequestAborted);
                return;
            }

            var status = graphStatus?.Invoke(Interlocked.Increment(ref sends)) ?? 200;
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "0";
            }

            await context.Response.WriteAsync(
                status == 200
                    ? File.ReadAllText(Path.Combine(SpecFolder, "send-response-success.json"))
                    : "{\"error\":{\"message\":\"test\",\"type\":\"OAuthException\",\"code\":" + (status == 429 ? "130429" : "131000") + "}}",
                context.RequestAborted);
        });

        var settings = new Dictionary<string, string?>
        {
            ["WhatsApp:AppSecret"] = AppSecret,
            ["WhatsApp:AccessToken"] = AccessToken,
            ["WhatsApp:VerifyToken"] = VerifyToken,
            ["WhatsApp:PhoneNumberId"] = phoneNumberId,
            ["WhatsApp:GraphBaseUrl"] = graph.BaseUrl + "/" + ApiVersion,
            ["WhatsApp:RetryBaseDelayMilliseconds"] = "10",
        };
        var host = await ChannelTestHost.StartAsync(settings);
        return new WhatsAppHarness(graph, host, phoneNumberId);
    }

    /// <summary>POSTs a webhook body exactly as given, signed with the app secret (or with the signature given).</summary>
    public async Task<HttpResponseMessage> PostAsync(string rawBody, string? signature = null, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        var bytes = Encoding.UTF8.GetBytes(rawBody);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        content.Headers.Add(WhatsAppEndpoints.SignatureHeader, signature ?? WhatsAppSignature.Sign(AppSecret, bytes));
        return await http.PostAsync(WebhookUrl, content, cancellationToken);
    }

    /// <summary>Waits until the queue has handled <paramref name="messages"/> messages in all, then returns what Graph received.</summary>
    public async Task<IReadOnlyList<RecordedRequest>> GraphRequestsAfterAsync(long messages, CancellationToken cancellationToken)
    {
        var queue = Host.Service<WhatsAppQueue>();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(15));
        while (queue.Completed < messages)
        {
            await Task.Delay(10, limit.Token);
        }

        return [.. Graph.Requests];
    }

    /// <summary>The replies a fresh conversation gives to <paramref name="texts"/>, the last message's (null: the "what I read" reply).</summary>
    public static async Task<IReadOnlyList<Reply>> ExpectedRepliesAsync(IReadOnlyList<string?> texts, CancellationToken cancellationToken)
    {
        var conversation = "reference-" + Guid.NewGuid().ToString("N");
        IReadOnlyList<Reply> replies = [];
        foreach (var text in texts)
        {
            var incoming = text is null
                ? new IncomingMessage(WhatsAppProcessor.ChannelId, conversation, conversation, "", Kind: IncomingKind.Unsupported)
                : new IncomingMessage(WhatsAppProcessor.ChannelId, conversation, conversation, text);
            replies = (await Reference.Value.GetRequiredService<TurnPipeline>().RunAsync(incoming, cancellationToken)).Replies;
        }

        return replies;
    }

    /// <summary>The read receipt expected for a message, from send-mark-as-read-with-typing-indicator.json.</summary>
    public static JsonNode ExpectedReadReceipt(string messageId)
    {
        var body = Spec("send-mark-as-read-with-typing-indicator.json");
        body["message_id"] = messageId;
        return body;
    }

    /// <summary>
    /// The messages expected for a reply, written from the spec's own examples (send-text.json, send-interactive-*.json)
    /// rather than by the code under test. A text too long for one message is split between paragraphs: the buttons go
    /// with the last paragraphs that fit 1,024 characters, what comes before goes as text (4,096 a message).
    /// </summary>
    public static List<JsonNode> ExpectedMessages(Reply reply, string to)
    {
        // WhatsApp's own formatting (bold title and labels, isolates in Arabic) is checked by WhatsAppFormatTests.
        var text = WhatsAppFormat.Render(reply).Trim();
        var paragraphs = text.Split("\n\n").ToList();
        if (reply.Actions.Count == 0)
        {
            return Pack(paragraphs, 4096).Select(body => TextMessage(body, to)).ToList();
        }

        // An answer with its official link: the text previewed, then the buttons under "more details".
        if (reply.Kind == ReplyKind.Answer && text.Contains("://", StringComparison.Ordinal))
        {
            var answer = Pack(paragraphs, 4096).Select(body => TextMessage(body, to)).ToList();
            answer.Add(InteractiveMessage(reply, WhatsAppMessageBuilder.DetailsPrompt(reply.Language), to));
            return answer;
        }

        var tail = new List<string>();
        while (paragraphs.Count > 0 && string.Join("\n\n", [paragraphs[^1], .. tail]).Length <= 1024)
        {
            tail.Insert(0, paragraphs[^1]);
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }

        Assert.NotEmpty(tail);
        var messages = Pack(paragraphs, 4096).Select(body => TextMessage(body, to)).ToList();
        messages.Add(InteractiveMessage(reply, string.Join("\n\n", tail), to));
        return messages;
    }

    private static List<string> Pack(List<string> paragraphs, int max)
    {
        var pieces = new List<string>();
        foreach (var paragraph in paragraphs)
        {
            Assert.True(paragraph.Length <= max, "each paragraph fits a message");
            if (pieces.Count > 0 && pieces[^1].Length + 2 + paragraph.Length <= max)
            {
                pieces[^1] += "\n\n" + paragraph;
            }
            else
            {
                pieces.Add(paragraph);
            }
        }

        return pieces;
    }

    private static JsonNode TextMessage(string body, string to)
    {
        var text = Spec("send-text.json");
        text["to"] = to;
        text["text"]!["body"] = body;
        text["text"]!["preview_url"] = body.Contains("://", StringComparison.Ordinal);
        return text;
    }

    private static JsonNode InteractiveMessage(Reply reply, string body, string to)
    {
        var interactive = Spec(reply.Actions.Count <= 3 ? "send-interactive-buttons.json" : "send-interactive-list.json");
        interactive["to"] = to;
        var inner = interactive["interactive"]!.AsObject();
        inner.Remove("header");
        inner.Remove("footer");
        inner["body"]!["text"] = body;
        if (reply.Actions.Count <= 3)
        {
            inner["action"]!["buttons"] = new JsonArray(reply.Actions.Select(a =>
            {
                Assert.True(a.Title.Length <= 20, $"button title '{a.Title}' within 20 characters");
                return (JsonNode)new JsonObject { ["type"] = "reply", ["reply"] = new JsonObject { ["id"] = a.Value, ["title"] = a.Title } };
            }).ToArray());
        }
        else
        {
            inner["action"]!["button"] = WhatsAppMessageBuilder.ListButtonLabel(reply.Language);
            inner["action"]!["sections"] = new JsonArray(new JsonObject
            {
                ["rows"] = new JsonArray(reply.Actions.Take(10).Select(a =>
                {
                    Assert.True(a.Title.Length <= 24, $"row title '{a.Title}' within 24 characters");
                    return (JsonNode)new JsonObject { ["id"] = a.Value, ["title"] = a.Title };
                }).ToArray()),
            });
        }

        return interactive;
    }

    public static JsonNode Spec(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(SpecFolder, file)))!;

    /// <summary>Checks one request is exactly the Graph call expected: path, bearer token, JSON type and body.</summary>
    public void AssertGraphCall(RecordedRequest request, JsonNode expectedBody)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/{ApiVersion}/{PhoneNumberId}/messages", request.PathAndQuery);
        Assert.Equal("Bearer " + AccessToken, request.Headers["Authorization"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var actual = JsonNode.Parse(request.Body);
        Assert.True(JsonNode.DeepEquals(expectedBody, actual), $"expected {expectedBody.ToJsonString()}\n  actual {actual?.ToJsonString()}");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
