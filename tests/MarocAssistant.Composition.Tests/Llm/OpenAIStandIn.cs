using System.Text.Json.Nodes;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Composition.Tests.Llm;

/// <summary>
/// A loopback OpenAI-compatible Chat Completions server (good, hallucinating, slow, failing or tool-calling
/// completions), and the answer composition wired to it as the host wires it: the LLM HttpClient with its resilience
/// pipeline, Microsoft.Extensions.AI.OpenAI's chat client, the answer kernel and its fact guard.
/// </summary>
internal static class OpenAIStandIn
{
    public static readonly ProcedureCorpus Corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));
    public static readonly TemplateAnswerComposer Templates = new(TemplateSet.LoadFolder(TemplateSet.DefaultFolder));

    private static readonly Lazy<ProceduresPlugin> LazyProcedures = new(() => new ProceduresPlugin(
        ProcedureSearchFactory.Create(
            new RetrievalOptions
            {
                CorpusPath = RepoPaths.Corpus,
                ModelsPath = RepoPaths.Models,
                IndexPath = Path.Combine(RepoPaths.Models, "procedures.index"),
                UseDense = false,
            },
            corpus: Corpus),
        Corpus,
        Templates));

    /// <summary>The procedures plugin over the shipped corpus and a keyword search of it.</summary>
    public static ProceduresPlugin Procedures => LazyProcedures.Value;

    /// <summary>The composer with an LLM at <paramref name="server"/>; the provider holds the HttpClient factory.</summary>
    public static (KernelAnswerComposer Composer, ServiceProvider Services) Composer(LoopbackServer server, double timeoutSeconds = 3, bool functionCalling = false)
    {
        var options = new LlmOptions
        {
            Endpoint = server.BaseUrl + "/v1",
            Model = "atlas-chat",
            ApiKey = "test-key",
            TimeoutSeconds = timeoutSeconds,
            FunctionCalling = functionCalling,
        };
        var services = new ServiceCollection().AddLogging().AddSingleton(Options.Create(options)).AddLlmHttpClient().BuildServiceProvider();
        var chat = LlmChatClient.Create(options, services.GetRequiredService<IHttpClientFactory>().CreateClient(LlmChatClient.HttpClientName));
        var kernel = AnswerKernel.Create(
            Templates, NullLoggerFactory.Instance, chat, options, new FactGuard(new ScriptLanguageDetector()), functionCalling ? Procedures : null);
        return (new KernelAnswerComposer(kernel, Templates, options, NullLogger<KernelAnswerComposer>.Instance), services);
    }

    /// <summary>A server that answers every completion with <paramref name="content"/>, after <paramref name="delay"/>.</summary>
    public static Task<LoopbackServer> StartAsync(string content, TimeSpan? delay = null) =>
        StartAsync(_ => new JsonObject { ["role"] = "assistant", ["content"] = content }, delay);

    /// <summary>A server whose n-th completion (1-based) is the assistant message <paramref name="message"/> gives.</summary>
    public static Task<LoopbackServer> StartAsync(Func<int, JsonObject> message, TimeSpan? delay = null)
    {
        var count = 0;
        return LoopbackServer.StartAsync(async (context, _) =>
        {
            if (delay is { } wait)
            {
                await Task.Delay(wait, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            var reply = message(Interlocked.Increment(ref count));
            context.Response.ContentType = "application/json";
            var body = new JsonObject
            {
                ["id"] = "chatcmpl-" + count,
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = "atlas-chat",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = reply,
                    ["finish_reason"] = reply.ContainsKey("tool_calls") ? "tool_calls" : "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
            };
            await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
        });
    }

    /// <summary>An assistant message that calls one function with JSON <paramref name="arguments"/>.</summary>
    public static JsonObject ToolCall(string id, string function, JsonObject arguments) => new()
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = function, ["arguments"] = arguments.ToJsonString() },
        }),
    };
}
