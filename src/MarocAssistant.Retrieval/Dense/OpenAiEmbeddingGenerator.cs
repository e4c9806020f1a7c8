using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Http.Resilience;
using OpenAI;
using OpenAI.Embeddings;
using Polly;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// The <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> of any OpenAI-compatible <c>POST /v1/embeddings</c>
/// endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LocalAI): the official OpenAI client adapted by
/// Microsoft.Extensions.AI.OpenAI, sending through an <see cref="HttpClient"/> whose resilience pipeline holds the
/// retries and the timeout.
/// </summary>
public static class OpenAiEmbeddingGenerator
{
    /// <summary>Three attempts with backoff on 5xx, 408, 429 and network errors; each attempt cut at the configured timeout.</summary>
    public static HttpClient CreateHttpClient(EmbeddingEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions { MaxRetryAttempts = 2, Delay = TimeSpan.FromMilliseconds(200) })
            .AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.Timeout })
            .Build();
        var handler = new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) } };

        // The pipeline's timeout is per attempt; the client's own timeout must not cut the retries short.
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>A generator for the configured endpoint and model, sending through <paramref name="http"/>.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingEndpointOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.BaseUrl,
            Transport = new HttpClientPipelineTransport(http),

            // Retries and timeouts are the HttpClient's resilience pipeline's.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };

        // Local servers (Ollama, vLLM) take any key; the client insists on one.
        var key = string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey;
        return new EmbeddingClient(options.Model, new ApiKeyCredential(key), clientOptions).AsIEmbeddingGenerator(options.Dimensions);
    }
}
