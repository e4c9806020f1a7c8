using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using OpenAI;
using OpenAI.Chat;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// The <see cref="IChatClient"/> of any OpenAI-compatible Chat Completions endpoint (Ollama, vLLM, Mistral, Azure
/// OpenAI): the official OpenAI client adapted by Microsoft.Extensions.AI.OpenAI, sending through an
/// <see cref="HttpClient"/> whose resilience pipeline holds the timeout.
/// </summary>
public static class LlmChatClient
{
    /// <summary>The name of the <see cref="HttpClient"/> the LLM calls go through.</summary>
    public const string HttpClientName = "Llm";

    /// <summary>
    /// Registers the LLM's <see cref="HttpClient"/>: one attempt per completion, cut at <see cref="LlmOptions.TimeoutSeconds"/>.
    /// No retry: a completion takes seconds and the caller has the template answer ready at once.
    /// </summary>
    public static IServiceCollection AddLlmHttpClient(this IServiceCollection services)
    {
        // The chat client is built once and keeps its HttpClient, so connections are recycled by the handler instead.
        services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("llm", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LlmOptions>>().Value;
                pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) });
            });
        return services;
    }

    /// <summary>A chat client for the configured endpoint and model, sending through <paramref name="http"/>.</summary>
    public static IChatClient Create(LlmOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint),
            Transport = new HttpClientPipelineTransport(http),

            // Retries and timeouts are the HttpClient's resilience pipeline's; this one is only a backstop.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 1),
        };
        var key = string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey;
        return new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions).AsIChatClient();
    }
}
