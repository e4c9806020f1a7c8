using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace MarocAssistant.Retrieval.Dense;

/// <summary>
/// An <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> for any OpenAI-compatible <c>POST /v1/embeddings</c>
/// endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LocalAI). Written on HttpClient and System.Text.Json because
/// Microsoft.Extensions.AI.OpenAI is not served by this workplace's package source.
/// </summary>
public sealed class OpenAiCompatibleEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly EmbeddingEndpointOptions _options;
    private readonly Uri _endpoint;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <param name="options">Endpoint, model and key.</param>
    /// <param name="http">A client to use (not disposed here); null creates one with the configured timeout.</param>
    public OpenAiCompatibleEmbeddingGenerator(EmbeddingEndpointOptions options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = options.Timeout };
        var baseUrl = options.BaseUrl!.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl!.AbsoluteUri + "/");
        _endpoint = new Uri(baseUrl, "embeddings");
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", baseUrl, options.Model, options.Dimensions);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToList();
        if (inputs.Count == 0)
        {
            return [];
        }

        var body = new EmbeddingsRequest
        {
            Input = inputs,
            Model = options?.ModelId ?? _options.Model,
            Dimensions = options?.Dimensions ?? _options.Dimensions,
            EncodingFormat = "float",
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = JsonContent.Create(body, EmbeddingsJson.Default.EmbeddingsRequest),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"Embeddings endpoint answered {(int)response.StatusCode}: {Truncate(text)}", null, response.StatusCode);
        }

        EmbeddingsResponse? parsed;
        try
        {
            parsed = await response.Content.ReadFromJsonAsync(EmbeddingsJson.Default.EmbeddingsResponse, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Embeddings endpoint returned malformed JSON.", ex);
        }

        if (parsed?.Data is not { } data || data.Count != inputs.Count)
        {
            throw new InvalidDataException($"Embeddings endpoint returned {parsed?.Data?.Count ?? 0} embeddings for {inputs.Count} inputs.");
        }

        // The spec orders results by "index"; do not trust the array order.
        var ordered = new Embedding<float>[inputs.Count];
        foreach (var item in data)
        {
            if (item.Index < 0 || item.Index >= ordered.Length || item.Embedding is null || ordered[item.Index] is not null)
            {
                throw new InvalidDataException("Embeddings endpoint returned an invalid or duplicate index.");
            }

            ordered[item.Index] = new Embedding<float>(item.Embedding) { ModelId = parsed.Model, CreatedAt = DateTimeOffset.UtcNow };
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(ordered);
        if (parsed.Usage is { } usage)
        {
            result.Usage = new UsageDetails { InputTokenCount = usage.PromptTokens, TotalTokenCount = usage.TotalTokens };
        }

        return result;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";

    internal sealed class EmbeddingsRequest
    {
        [JsonPropertyName("input")]
        public List<string> Input { get; set; } = [];

        [JsonPropertyName("model")]
        public string Model { get; set; } = "";

        [JsonPropertyName("dimensions")]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? Dimensions { get; set; }

        [JsonPropertyName("encoding_format")]
        public string EncodingFormat { get; set; } = "float";
    }

    internal sealed class EmbeddingsResponse
    {
        [JsonPropertyName("data")]
        public List<EmbeddingItem>? Data { get; set; }

        [JsonPropertyName("model")]
        public string? Model { get; set; }

        [JsonPropertyName("usage")]
        public EmbeddingsUsage? Usage { get; set; }
    }

    internal sealed class EmbeddingItem
    {
        [JsonPropertyName("index")]
        public int Index { get; set; }

        [JsonPropertyName("embedding")]
        public float[]? Embedding { get; set; }
    }

    internal sealed class EmbeddingsUsage
    {
        [JsonPropertyName("prompt_tokens")]
        public long? PromptTokens { get; set; }

        [JsonPropertyName("total_tokens")]
        public long? TotalTokens { get; set; }
    }
}

[JsonSerializable(typeof(OpenAiCompatibleEmbeddingGenerator.EmbeddingsRequest))]
[JsonSerializable(typeof(OpenAiCompatibleEmbeddingGenerator.EmbeddingsResponse))]
internal sealed partial class EmbeddingsJson : JsonSerializerContext
{
}
