using System.Text.Json.Nodes;
using MarocAssistant.Composition.Llm;
using Microsoft.SemanticKernel;

namespace MarocAssistant.Composition.Tests.Llm;

/// <summary>The procedures plugin as kernel functions, and the model calling them through the loopback server.</summary>
public sealed class ProceduresPluginTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Lazy<Kernel> Kernel = new(() =>
    {
        var kernel = new Kernel();
        kernel.Plugins.AddFromObject(OpenAIStandIn.Procedures, ProceduresPlugin.PluginName);
        return kernel;
    });

    [Fact]
    public void Plugin_Functions_AreDescribedForTheModel()
    {
        var plugin = Kernel.Value.Plugins[ProceduresPlugin.PluginName];

        Assert.Equal(["get_procedure", "search_procedures"], plugin.Select(f => f.Name).Order(StringComparer.Ordinal));
        Assert.All(plugin, f => Assert.False(string.IsNullOrWhiteSpace(f.Description)));
        Assert.Contains(plugin["search_procedures"].Metadata.Parameters, p => p.Name == "query" && p.IsRequired);
        Assert.Contains(plugin["get_procedure"].Metadata.Parameters, p => p.Name == "id" && p.IsRequired);
    }

    [Theory]
    [InlineData("bghit ndir lakart awel mra", "ary-Latn", "cnie-first")]
    [InlineData("Comment obtenir un extrait de casier judiciaire ?", "fr", "criminal-record")]
    public async Task SearchProcedures_Question_FindsItsProcedureFirst(string query, string language, string expected)
    {
        var result = await Kernel.Value.InvokeAsync(
            ProceduresPlugin.PluginName, "search_procedures", new KernelArguments { ["query"] = query, ["language"] = language }, Ct);

        var hits = result.GetValue<IReadOnlyList<ProcedureHit>>()!;
        Assert.Equal(expected, hits[0].Id);
        Assert.Equal(OpenAIStandIn.Corpus.Find(expected)!.Block(ReplyLanguages.ToRecordLanguage(language)).Title, hits[0].Title);
    }

    [Fact]
    public async Task GetProcedure_KnownId_GivesTheRecordFactsInTheLanguageAsked()
    {
        var result = await Kernel.Value.InvokeAsync(
            ProceduresPlugin.PluginName, "get_procedure", new KernelArguments { ["id"] = "passport-first", ["language"] = "fr" }, Ct);

        var text = result.GetValue<string>()!;
        var block = OpenAIStandIn.Corpus.Find("passport-first")!.Block(Retrieval.Corpus.RecordLanguage.Fr);
        Assert.StartsWith("Id: passport-first\nTitle: " + block.Title + "\n", text, StringComparison.Ordinal);
        Assert.Contains("500 DH", text, StringComparison.Ordinal);
        Assert.All(block.Documents, d => Assert.Contains("- " + d + "\n", text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetProcedure_UnknownId_SaysSo()
    {
        var result = await Kernel.Value.InvokeAsync(
            ProceduresPlugin.PluginName, "get_procedure", new KernelArguments { ["id"] = "moon-visa" }, Ct);

        Assert.Equal("No procedure has the id moon-visa.", result.GetValue<string>());
    }

    [Fact]
    public async Task ComposeAnswer_ModelCallsGetProcedure_ToolResultSentBackAndAnswerGuarded()
    {
        const string answer = "Le passeport coûte 500 DH. Prenez rendez-vous sur [LINK1].";
        await using var server = await OpenAIStandIn.StartAsync(n => n == 1
            ? OpenAIStandIn.ToolCall("call_1", "procedures_get_procedure", new JsonObject { ["id"] = "passport-first", ["language"] = "fr" })
            : new JsonObject { ["role"] = "assistant", ["content"] = answer });
        var (composer, services) = OpenAIStandIn.Composer(server, functionCalling: true);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("passport-first")!;

        var reply = await composer.ComposeAnswerAsync(record, "fr", Ct);

        var requests = server.Requests.ToList();
        Assert.Equal(2, requests.Count);
        var tools = JsonNode.Parse(requests[0].Body)!["tools"]!.AsArray().Select(t => (string?)t!["function"]!["name"]).Order(StringComparer.Ordinal);
        Assert.Equal(["procedures_get_procedure", "procedures_search_procedures"], tools);
        var toolMessage = JsonNode.Parse(requests[1].Body)!["messages"]!.AsArray().Single(m => (string?)m!["role"] == "tool")!;
        Assert.Equal("call_1", (string?)toolMessage["tool_call_id"]);
        Assert.Contains("Id: passport-first", toolMessage["content"]!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("Le passeport coûte 500 DH. Prenez rendez-vous sur https://", reply.Text, StringComparison.Ordinal);
        Assert.NotEqual(OpenAIStandIn.Templates.ComposeAnswer(record, "fr").Text, reply.Text);
    }

    [Fact]
    public async Task ComposeAnswer_ModelUsesAnotherProceduresFee_GuardFallsBackToTemplate()
    {
        // The model looks up the renewal and quotes facts that are not in this answer's record.
        await using var server = await OpenAIStandIn.StartAsync(n => n == 1
            ? OpenAIStandIn.ToolCall("call_1", "procedures_search_procedures", new JsonObject { ["query"] = "lakart", ["language"] = "fr" })
            : new JsonObject { ["role"] = "assistant", ["content"] = "Le passeport coûte 300 DH. Voir https://www.cnie.ma." });
        var (composer, services) = OpenAIStandIn.Composer(server, functionCalling: true);
        using var _ = services;
        var record = OpenAIStandIn.Corpus.Find("passport-first")!;

        var reply = await composer.ComposeAnswerAsync(record, "fr", Ct);

        Assert.Equal(2, server.Requests.Count);
        Assert.Contains("cnie-", JsonNode.Parse(server.Requests.Last().Body)!["messages"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(OpenAIStandIn.Templates.ComposeAnswer(record, "fr").Text, reply.Text);
    }
}
