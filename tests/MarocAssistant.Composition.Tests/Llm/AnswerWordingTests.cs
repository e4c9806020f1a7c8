using System.Text.Json.Nodes;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Language.Detection;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;

namespace MarocAssistant.Composition.Tests.Llm;

/// <summary>The LLM wording (prompt function + fact guard filter) against a loopback OpenAI-compatible server.</summary>
public sealed class AnswerWordingTests
{
    private const string GoodDarija =
        "Bach tdir awel lakart:\n1. Khod rendez-vous f [LINK1].\n2. Wajjed lwra9 w ttanbr (75 dh, wla 50 dh ila kan sghar mn 12 3am).\n" +
        "3. Sir l lmasla7a dyal lakart nhar rendez-vous.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ComposeAnswer_GoodCompletion_UsesItWithLinksResolvedAndSourceLine()
    {
        await using var server = await OpenAIStandIn.StartAsync(GoodDarija);
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;

        var reply = await composer.ComposeAnswerAsync(OpenAIStandIn.Corpus.Find("cnie-first")!, "ary-Latn", Ct);

        Assert.StartsWith("Bach tdir awel lakart", reply.Text, StringComparison.Ordinal);
        Assert.Contains("https://www.cnie.ma", reply.Text, StringComparison.Ordinal);
        Assert.EndsWith(OpenAIStandIn.Templates.SourceLine(reply.Citation!, "ary-Latn"), reply.Text, StringComparison.Ordinal);
        Assert.StartsWith("Lmasdar: ", reply.Text.Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal("cnie-first", reply.ProcedureId);
    }

    [Fact]
    public async Task ComposeAnswer_Request_GivesOnlyTheRecordWithLinksAsTokensAndTheSettings()
    {
        await using var server = await OpenAIStandIn.StartAsync(GoodDarija);
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;

        await composer.ComposeAnswerAsync(OpenAIStandIn.Corpus.Find("cnie-first")!, "ary-Latn", Ct);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.PathAndQuery);
        Assert.Equal("Bearer test-key", request.Headers["Authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("atlas-chat", (string?)body["model"]);
        Assert.Equal(0.2, (double)body["temperature"]!, 3);
        Assert.Equal(500, (int)(body["max_completion_tokens"] ?? body["max_tokens"])!);
        Assert.Null(body["tools"]);
        var messages = body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
        var user = messages[1]!["content"]!.ToString();
        Assert.Contains("[LINK1]", user, StringComparison.Ordinal);
        Assert.DoesNotContain("cnie.ma", user, StringComparison.Ordinal);
        Assert.Contains("75 dh", user, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ComposeAnswer_ArabicRecord_ReachesTheModelAsWritten()
    {
        await using var server = await OpenAIStandIn.StartAsync("x");
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("cnie-first")!;

        await composer.ComposeAnswerAsync(record, "ary-Arab", Ct);

        // The template engine encodes variables against prompt injection; the model must still get the plain text.
        var user = JsonNode.Parse(Assert.Single(server.Requests).Body)!["messages"]![1]!["content"]!.ToString();
        Assert.Contains(record.Block(Retrieval.Corpus.RecordLanguage.Ary).Steps[1], user, StringComparison.Ordinal);
        Assert.DoesNotContain("&#", user, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Lakart katkhless 300 dh, w khassek 4 tsawer.", "planted wrong fee")]
    [InlineData("Dir talab f https://cnie-rendezvous.example.com w sir l lbolis.", "invented URL")]
    [InlineData("1. Khod rendez-vous f [LINK1].\n- Chahadat l3amal mn charika dyalek\n- 4 tsawer", "invented document")]
    [InlineData("Prenez rendez-vous sur [LINK1] et apportez vos documents.", "wrong language for ary-Latn")]
    [InlineData("Khod rendez-vous f [LINK2].", "unknown link token")]
    [InlineData("Lakart katwjed f 45 youm.", "invented delay")]
    public async Task ComposeAnswer_GuardViolation_FallsBackToTemplate(string completion, string why)
    {
        await using var server = await OpenAIStandIn.StartAsync(completion);
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("cnie-first")!;

        var reply = await composer.ComposeAnswerAsync(record, "ary-Latn", Ct);

        Assert.True(OpenAIStandIn.Templates.ComposeAnswer(record, "ary-Latn").Text == reply.Text, why);
    }

    [Fact]
    public async Task ComposeAnswer_SlowEndpoint_FallsBackToTemplateAtTheTimeout()
    {
        await using var server = await OpenAIStandIn.StartAsync(GoodDarija, delay: TimeSpan.FromSeconds(20));
        var (composer, services) = OpenAIStandIn.Composer(server, timeoutSeconds: 0.5);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("cnie-first")!;
        var started = System.Diagnostics.Stopwatch.StartNew();

        var reply = await composer.ComposeAnswerAsync(record, "ary-Latn", Ct);

        Assert.Equal(OpenAIStandIn.Templates.ComposeAnswer(record, "ary-Latn").Text, reply.Text);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), "the 20 s completion was awaited instead of timing out");

        // Never retried after the deadline. (On a loaded machine the one request may not have been read in 0.5 s.)
        Assert.True(server.Requests.Count <= 1, $"{server.Requests.Count} requests");
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task ComposeAnswer_EndpointError_FallsBackToTemplateWithoutRetry(int status)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync("{\"error\":{\"message\":\"boom\"}}");
        });
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("passport-first")!;

        var reply = await composer.ComposeAnswerAsync(record, "fr", Ct);

        Assert.Equal(OpenAIStandIn.Templates.ComposeAnswer(record, "fr").Text, reply.Text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task ComposeAnswer_EndpointUnreachable_FallsBackToTemplate()
    {
        var server = await OpenAIStandIn.StartAsync(GoodDarija);
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;
        await server.DisposeAsync();
        var record = OpenAIStandIn.Corpus.Find("passport-first")!;

        var reply = await composer.ComposeAnswerAsync(record, "fr", Ct);

        Assert.Equal(OpenAIStandIn.Templates.ComposeAnswer(record, "fr").Text, reply.Text);
    }

    [Fact]
    public async Task ComposeAnswer_CallerCancels_Throws()
    {
        await using var server = await OpenAIStandIn.StartAsync(GoodDarija, delay: TimeSpan.FromSeconds(20));
        var (composer, services) = OpenAIStandIn.Composer(server);
        using var _ = services;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            async () => await composer.ComposeAnswerAsync(OpenAIStandIn.Corpus.Find("cnie-first")!, "ary-Latn", cancel.Token));
    }

    [Fact]
    public void Check_PlantedWrongFee_IsRejected()
    {
        var guard = new FactGuard(new ScriptLanguageDetector());

        var violations = guard.Check("Le passeport coûte 300 DH. Rendez-vous sur www.passeport.ma.", OpenAIStandIn.Corpus.Find("passport-first")!, "fr");

        var violation = Assert.Single(violations);
        Assert.Contains("300", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RecordFactsOnly_Passes()
    {
        var guard = new FactGuard(new ScriptLanguageDetector());

        var violations = guard.Check("Le passeport coûte 500 DH. Rendez-vous sur https://www.passeport.ma/.", OpenAIStandIn.Corpus.Find("passport-first")!, "fr");

        Assert.Empty(violations);
    }
}
