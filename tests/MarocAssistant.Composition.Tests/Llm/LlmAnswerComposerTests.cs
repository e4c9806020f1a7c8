using System.Text.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Composition.Tests.Llm;

/// <summary>The LLM composer against a loopback OpenAI-compatible server that answers well, hallucinates, or is slow.</summary>
public sealed class LlmAnswerComposerTests
{
    private static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    private static readonly TemplateAnswerComposer Templates = new(TemplateSet.LoadFolder(TemplateSet.DefaultFolder));

    private const string GoodDarija =
        "Bach tdir awel lakart:\n1. Khod rendez-vous f [LINK1].\n2. Wajjed lwra9 w ttanbr (75 dh, wla 50 dh ila kan sghar mn 12 3am).\n" +
        "3. Sir l lmasla7a dyal lakart nhar rendez-vous.";

    [Fact]
    public async Task ComposeAnswer_GoodCompletion_UsesItWithLinksResolvedAndSourceLine()
    {
        await using var server = await OpenAIServer(GoodDarija);

        var reply = await Composer(server).ComposeAnswerAsync(Corpus.Find("cnie-first")!, "ary-Latn", TestContext.Current.CancellationToken);

        Assert.StartsWith("Bach tdir awel lakart", reply.Text, StringComparison.Ordinal);
        Assert.Contains("https://www.cnie.ma", reply.Text, StringComparison.Ordinal);
        Assert.Contains("tchaf nhar 2026-11-22", reply.Text, StringComparison.Ordinal);
        Assert.Equal("cnie-first", reply.ProcedureId);
    }

    [Fact]
    public async Task ComposeAnswer_Request_GivesOnlyTheRecordWithLinksAsTokens()
    {
        await using var server = await OpenAIServer(GoodDarija);

        await Composer(server).ComposeAnswerAsync(Corpus.Find("cnie-first")!, "ary-Latn", TestContext.Current.CancellationToken);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("atlas-chat", (string?)body["model"]);
        var user = body["messages"]!.AsArray().Last()!["content"]!.ToString();
        Assert.Contains("[LINK1]", user, StringComparison.Ordinal);
        Assert.DoesNotContain("cnie.ma", user, StringComparison.Ordinal);
        Assert.Contains("75 dh", user, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lakart katkhless 300 dh, w khassek 4 tsawer.", "planted wrong fee")]
    [InlineData("Dir talab f https://cnie-rendezvous.example.com w sir l lbolis.", "invented URL")]
    [InlineData("1. Khod rendez-vous f [LINK1].\n- Chahadat l3amal mn charika dyalek\n- 4 tsawer", "invented document")]
    [InlineData("Prenez rendez-vous sur [LINK1] et apportez vos documents.", "wrong language for ary-Latn")]
    [InlineData("Khod rendez-vous f [LINK2].", "unknown link token")]
    public async Task ComposeAnswer_GuardViolation_FallsBackToTemplate(string completion, string why)
    {
        await using var server = await OpenAIServer(completion);
        var record = Corpus.Find("cnie-first")!;

        var reply = await Composer(server).ComposeAnswerAsync(record, "ary-Latn", TestContext.Current.CancellationToken);

        Assert.True(Templates.ComposeAnswer(record, "ary-Latn").Text == reply.Text, why);
    }

    [Fact]
    public async Task ComposeAnswer_SlowEndpoint_FallsBackToTemplateAtTheTimeout()
    {
        await using var server = await OpenAIServer(GoodDarija, delay: TimeSpan.FromSeconds(20));
        var record = Corpus.Find("cnie-first")!;
        var started = System.Diagnostics.Stopwatch.StartNew();

        var reply = await Composer(server, timeoutSeconds: 0.5).ComposeAnswerAsync(record, "ary-Latn", TestContext.Current.CancellationToken);

        Assert.Equal(Templates.ComposeAnswer(record, "ary-Latn").Text, reply.Text);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), "the 20 s completion was awaited instead of timing out");
    }

    [Fact]
    public async Task ComposeAnswer_EndpointError_FallsBackToTemplate()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = 500;
            return context.Response.WriteAsync("{\"error\":{\"message\":\"boom\"}}");
        });
        var record = Corpus.Find("passport-first")!;

        var reply = await Composer(server).ComposeAnswerAsync(record, "fr", TestContext.Current.CancellationToken);

        Assert.Equal(Templates.ComposeAnswer(record, "fr").Text, reply.Text);
    }

    [Fact]
    public void Check_PlantedWrongFee_IsRejected()
    {
        var guard = new FactGuard(new ScriptLanguageDetector());

        var violations = guard.Check("Le passeport coûte 300 DH. Rendez-vous sur www.passeport.ma.", Corpus.Find("passport-first")!, "fr");

        var violation = Assert.Single(violations);
        Assert.Contains("300", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RecordFactsOnly_Passes()
    {
        var guard = new FactGuard(new ScriptLanguageDetector());

        var violations = guard.Check("Le passeport coûte 500 DH. Rendez-vous sur https://www.passeport.ma/.", Corpus.Find("passport-first")!, "fr");

        Assert.Empty(violations);
    }

    private static LlmAnswerComposer Composer(LoopbackServer server, double timeoutSeconds = 3)
    {
        var options = new LlmOptions { Endpoint = server.BaseUrl + "/v1", Model = "atlas-chat", ApiKey = "test-key", TimeoutSeconds = timeoutSeconds };
        return new LlmAnswerComposer(
            new OpenAICompatibleChatClient(options),
            Templates,
            new FactGuard(new ScriptLanguageDetector()),
            Options.Create(options),
            NullLogger<LlmAnswerComposer>.Instance);
    }

    private static Task<LoopbackServer> OpenAIServer(string content, TimeSpan? delay = null) =>
        LoopbackServer.StartAsync(async (context, _) =>
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            context.Response.ContentType = "application/json";
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-1",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "atlas-chat",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            };
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        });
}
