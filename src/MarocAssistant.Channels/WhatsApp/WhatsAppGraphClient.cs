using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>
/// Sends messages and read receipts through the Cloud API (<c>POST {GraphBaseUrl}/{PhoneNumberId}/messages</c>), retrying
/// with exponential backoff on 429, 5xx, timeouts and dropped connections; other 4xx are final. Nothing personal is logged.
/// </summary>
public sealed partial class WhatsAppGraphClient
{
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

    private async Task<bool> PostAsync<T>(T body, JsonTypeInfo<T> typeInfo, string what, CancellationToken cancellationToken)
    {
        var url = _options.GraphBaseUrl.TrimEnd('/') + "/" + Uri.EscapeDataString(_options.PhoneNumberId) + "/messages";
        var json = JsonSerializer.Serialize(body, typeInfo);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            string failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url)
                {
                    Content = new StringContent(json, Encoding.UTF8, "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(_options.SendTimeoutSeconds));
                using var http = _httpClients.CreateClient(nameof(WhatsAppGraphClient));
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }

                var status = (int)response.StatusCode;
                var code = await GraphErrorCodeAsync(response, cancellationToken);
                if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
                {
                    LogRefused(what, status, code);
                    return false;
                }

                retryAfter = response.Headers.RetryAfter?.Delta
                    ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                failure = "HTTP " + status + (code is null ? "" : " code " + code);
            }
            catch (HttpRequestException ex)
            {
                failure = ex.HttpRequestError.ToString();
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = "timeout";
            }

            if (attempt >= _options.MaxSendAttempts)
            {
                LogGaveUp(what, attempt, failure);
                return false;
            }

            var delay = Backoff(attempt, retryAfter);
            LogRetrying(what, attempt, failure, delay.TotalMilliseconds);
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>Base × 2^(attempt−1) with up to 20 % jitter, or the server's Retry-After; never above the configured maximum.</summary>
    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var max = TimeSpan.FromSeconds(_options.MaxRetryDelaySeconds);
        if (retryAfter is { } after && after >= TimeSpan.Zero)
        {
            return after < max ? after : max;
        }

        var baseMs = _options.RetryBaseDelayMilliseconds * Math.Pow(2, attempt - 1);
        var jittered = baseMs * (1 + (Random.Shared.NextDouble() * 0.2));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, max.TotalMilliseconds));
    }

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
    private partial void LogRetrying(string what, int attempt, string failure, double delayMs);

    [LoggerMessage(EventId = 61, Level = LogLevel.Error, Message = "WhatsApp {What} not delivered after {Attempts} attempts ({Failure})")]
    private partial void LogGaveUp(string what, int attempts, string failure);

    [LoggerMessage(EventId = 62, Level = LogLevel.Error, Message = "WhatsApp {What} refused by the Graph API: HTTP {Status}, error code {Code}")]
    private partial void LogRefused(string what, int status, int? code);
}
