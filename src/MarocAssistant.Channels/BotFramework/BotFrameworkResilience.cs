using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>The resilience pipelines of the bot's outgoing calls (Microsoft.Extensions.Http.Resilience).</summary>
public static class BotFrameworkResilience
{
    /// <summary>Retries of a token request after a transient failure, within the one timeout.</summary>
    public const int TokenRetries = 2;

    /// <summary>
    /// Replies to the connector: one attempt, cut at <see cref="BotFrameworkOptions.OutgoingTimeoutSeconds"/>. No retry:
    /// the connector does not deduplicate activities, so a POST whose answer was lost may already show in the chat.
    /// </summary>
    public static void ConfigureConnector(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, BotFrameworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline.AddTimeout(TimeSpan.FromSeconds(options.OutgoingTimeoutSeconds));
    }

    /// <summary>
    /// The client-credentials token: the whole request, retries included, within
    /// <see cref="BotFrameworkOptions.OutgoingTimeoutSeconds"/>. Retried on a dropped connection, 408, 429 and 5xx: asking
    /// for a token changes nothing at the identity provider, so the POST is safe to repeat.
    /// </summary>
    public static void ConfigureToken(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, BotFrameworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(options);
        pipeline
            .AddTimeout(TimeSpan.FromSeconds(options.OutgoingTimeoutSeconds))
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = TokenRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
                        || (int)response.StatusCode >= 500,
                    _ => false,
                }),
            });
    }
}
