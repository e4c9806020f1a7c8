using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MarocAssistant.Conversation.State;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>
/// Sends messages and read receipts through the Cloud API (<c>POST {GraphBaseUrl}/{PhoneNumberId}/messages</c>). The
/// HttpClient's resilience pipeline (<see cref="ConfigureResilience"/>) retries with exponential backoff on 429, 5xx,
/// timeouts and dropped connections; other 4xx are final. Nothing personal is logged.
/// </summary>
public sealed partial class WhatsAppGraphClient
{
    private static readonly HttpRequestOptionsKey<string> WhatKey = new("maroc.whatsapp.what");

    private readonly IHttpClientFactory _httpClients;
    private readonly WhatsAppOptions _options;
    private readonly ILogger<WhatsAppGraphClient> _logger;

    public WhatsAppGraphClient(IHttpClientFactory httpClients, IOptions<WhatsAppOptions> options, ILogger<WhatsAppGraphClient> logger)
    {
        _httpClients = httpClients;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Sends a message; false when the Graph API refused it or stayed unreachable after every attempt.</summary>
    public Task<bool> SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default) =>
        PostAsync(message, WhatsAppJsonContext.Outgoing.OutgoingMessage, "message", cancellationToken);

    /// <summary>Marks a received message read (blue ticks), with "typing…" when configured.</summary>
    public Task<bool> MarkReadAsync(string messageId, CancellationToken cancellationToken = default) =>
        PostAsync(
            new ReadReceipt { MessageId = messageId, TypingIndicator = _options.TypingIndicator ? new TypingIndicator() : null },
            WhatsAppJsonContext.Outgoing.ReadReceipt,
            "read receipt",
            cancellationToken);

    /// <summary>
    /// The Graph calls' pipeline: up to <see cref="WhatsAppOptions.MaxSendAttempts"/> attempts of at most
    /// <see cref="WhatsAppOptions.SendTimeoutSeconds"/> each. A send is retried although POST is not idempotent, as it
    /// was before this pipeline: the webhook message it answers was deduplicated first (<see cref="IIdempotencyStore"/>),
    /// so only a reply whose 5xx or timeout hid a delivery can arrive twice, and a lost reply is the worse outcome.
    /// </summary>
    internal static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, WhatsAppOptions options, ILogger logger)
    {
        if (options.MaxSendAttempts > 1)
        {
            var maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxSendAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } response } => response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(args.AttemptNumber, args.Outcome.Result, options.RetryBaseDelayMilliseconds, maxDelay)),
                OnRetry = async args =>
                {
                    var what = args.Context.GetRequestMessage()?.Options.TryGetValue(WhatKey, out var w) == true ? w : "call";
                    LogRetrying(logger, what, args.AttemptNumber + 1, await FailureAsync(args.Outcome, args.Context.CancellationToken), args.RetryDelay.TotalMilliseconds);
                },
            });
        }

        pipeline.AddTimeout(TimeSpan.FromSeconds(options.SendTimeoutSeconds));
    }

    private async Task<bool> PostAsync<T>(T body, JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
    {
        var url = _options.GraphBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(_options.PhoneNumberId) + "/messages";
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, typeInfo), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        request.Options.Set(WhatKey, what);
        string failure;
        try
        {
            using var http = _httpClients.CreateClient(nameof(WhatsAppGraphClient));
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            var status = (int)response.StatusCode;
            if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
            {
                LogRefused(_logger, what, status, await GraphErrorCodeAsync(response, cancellationToken));
                return false;
            }

            failure = await FailureAsync(Outcome.FromResult(response), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            failure = ex.HttpRequestError.ToString();
        }
        catch (TimeoutRejectedException)
        {
            failure = "timeout";
        }

        LogGaveUp(_logger, what, _options.MaxSendAttempts, failure);
        return false;
    }

    /// <summary>Base × 2^attempt with up to 20 % jitter, or the server's Retry-After; never above <paramref name="max"/>.</summary>
    private static TimeSpan Backoff(int attempt, HttpResponseMessage? response, int baseMilliseconds, TimeSpan max)
    {
        var retryAfter = response?.Headers.RetryAfter?.Delta
            ?? (response?.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (retryAfter is { } after && after >= TimeSpan.Zero)
        {
            return after < max ? after : max;
        }

        var jittered = baseMilliseconds * Math.Pow(2, attempt) * (1 + (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }

    /// <summary>"HTTP 503 code 131000", "timeout", "ConnectionError": what went wrong, with nothing personal.</summary>
    private static async ValueTask<string> FailureAsync(Outcome<HttpResponseMessage> outcome, CancellationToken cancellationToken) => outcome switch
    {
        { Result: { } response } => "HTTP " + (int)response.StatusCode + (await GraphErrorCodeAsync(response, cancellationToken) is { } code ? " code " + code : ""),
        { Exception: HttpRequestException ex } => ex.HttpRequestError.ToString(),
        { Exception: TimeoutRejectedException } => "timeout",
        _ => outcome.Exception?.GetType().Name ?? "unknown",
    };

    private static async Task<int?> GraphErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length is > 0 and < 64 * 1024
                ? JsonSerializer.Deserialize(text, WhatsAppJsonContext.Default.GraphErrorResponse)?.Error?.Code
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "WhatsApp {What} failed ({Failure}) on attempt {Attempt}; retrying in {DelayMs:0} ms")]
    private static partial void LogRetrying(ILogger logger, string what, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "WhatsApp {What} not delivered after {Attempts} attempts ({Failure})")]
    private static partial void LogGaveUp(ILogger logger, string what, int attempts, string failure);

    [LoggerMessage(EventId = 62, Level = LogLevel.Error, Message = "WhatsApp {What} refused by the Graph API: HTTP {Status}, error code {Code}")]
    private static partial void LogRefused(ILogger logger, string what, int status, int? code);
}
