using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// <see cref="IChatClient"/> over any OpenAI-compatible Chat Completions endpoint (Ollama, vLLM, Mistral, Azure OpenAI),
/// built on the official OpenAI package (Microsoft.Extensions.AI.OpenAI is not served by the package source here).
/// </summary>
public sealed class OpenAICompatibleChatClient : IChatClient
{
    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;

    public OpenAICompatibleChatClient(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds + 1),

            // The caller falls back to the template answer at once; retrying would only delay the citizen.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var key = string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey;
        _client = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        _metadata = new ChatClientMetadata("openai-compatible", clientOptions.Endpoint, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var completion = await _client.CompleteChatAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken);
        var text = string.Concat(completion.Value.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new ChatResponse(new AiChatMessage(AiChatRole.Assistant, text))
        {
            ModelId = completion.Value.Model,
            ResponseId = completion.Value.Id,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AiChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in _client.CompleteChatStreamingAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken))
        {
            foreach (var part in update.ContentUpdate)
            {
                yield return new ChatResponseUpdate(AiChatRole.Assistant, part.Text);
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // ChatClient holds no unmanaged resources of its own.
    }

    private static List<OpenAI.Chat.ChatMessage> ToOpenAI(IEnumerable<AiChatMessage> messages) =>
        messages.Select(m => m.Role == AiChatRole.System ? (OpenAI.Chat.ChatMessage)new SystemChatMessage(m.Text)
            : m.Role == AiChatRole.Assistant ? new AssistantChatMessage(m.Text)
            : new UserChatMessage(m.Text)).ToList();

    private static ChatCompletionOptions ToOpenAI(ChatOptions? options) => new()
    {
        Temperature = options?.Temperature,
        MaxOutputTokenCount = options?.MaxOutputTokens,
    };
}
