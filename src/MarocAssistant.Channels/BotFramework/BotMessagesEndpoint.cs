using MarocAssistant.Activities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>
/// <c>POST /api/messages</c>: the Bot Framework endpoint. Authenticates the channel, reads one activity, runs the turn
/// and either returns the replies in the body (<c>deliveryMode: expectReplies</c>) or posts them to the connector.
/// </summary>
public sealed partial class BotMessagesEndpoint
{
    private readonly ChannelAuthenticator _authenticator;
    private readonly ActivityBot _bot;
    private readonly ConnectorClient _connector;
    private readonly ServiceUrlPolicy _serviceUrls;
    private readonly BotFrameworkOptions _options;
    private readonly ILogger<BotMessagesEndpoint> _logger;

    public BotMessagesEndpoint(
        ChannelAuthenticator authenticator,
        ActivityBot bot,
        ConnectorClient connector,
        ServiceUrlPolicy serviceUrls,
        IOptions<BotFrameworkOptions> options,
        ILogger<BotMessagesEndpoint> logger)
    {
        _authenticator = authenticator;
        _bot = bot;
        _connector = connector;
        _serviceUrls = serviceUrls;
        _options = options.Value;
        _logger = logger;
    }

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", (HttpContext context, BotMessagesEndpoint endpoint) => endpoint.HandleAsync(context, context.RequestAborted));

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var auth = await _authenticator.AuthenticateAsync(context.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, cancellationToken);
        if (!auth.Succeeded)
        {
            LogRejected(auth.Failure ?? "");
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The request is not authenticated.");
        }

        var read = await JsonRequestReader.ReadActivityAsync(context.Request, _options.MaxRequestBytes, cancellationToken);
        if (!read.Succeeded)
        {
            return read.Failure switch
            {
                JsonBodyFailure.NotJson => Problem(read.StatusCode, "Unsupported media type", "Send the activity as application/json."),
                JsonBodyFailure.TooLarge => Problem(read.StatusCode, "Request too large", $"The activity must be at most {_options.MaxRequestBytes} bytes."),
                JsonBodyFailure.Malformed => Problem(read.StatusCode, "Malformed activity", read.Problem),
                _ => Problem(read.StatusCode, "Malformed activity", "The activity has no type."),
            };
        }

        var activity = read.Value!;

        if (auth.CheckActivity(activity) is { } mismatch)
        {
            LogRejected(mismatch);
            return Problem(StatusCodes.Status401Unauthorized, "Unauthorized", "The token does not match the activity.");
        }

        var expectReplies = string.Equals(activity.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase);
        if (!expectReplies && !_serviceUrls.IsAllowed(activity.ServiceUrl))
        {
            return Problem(StatusCodes.Status400BadRequest, "serviceUrl not allowed", "Replies cannot be sent to this serviceUrl.");
        }

        // Kept under the channel the token vouches for (anonymous requests: their own namespace), not the one claimed.
        var replies = await _bot.RespondAsync(activity, ConversationChannels.OfBotFramework(auth, activity), cancellationToken);
        if (expectReplies)
        {
            return Results.Json(new ExpectedReplies { Activities = replies }, ActivityJsonContext.Default.ExpectedReplies);
        }

        try
        {
            foreach (var reply in replies)
            {
                await _connector.SendAsync(reply, cancellationToken);
            }
        }
        catch (HttpRequestException ex)
        {
            LogConnectorFailed(ex, activity.ChannelId ?? "");
            return Problem(StatusCodes.Status502BadGateway, "Connector unreachable", "The reply could not be delivered to the channel.");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogConnectorFailed(ex, activity.ChannelId ?? "");
            return Problem(StatusCodes.Status504GatewayTimeout, "Connector timeout", "The channel did not accept the reply in time.");
        }

        return Results.Ok();
    }

    internal static IResult Problem(int status, string title, string detail) =>
        Results.Problem(statusCode: status, title: title, detail: detail);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Bot Framework request rejected: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "Could not deliver a reply to the {Channel} connector")]
    private partial void LogConnectorFailed(Exception exception, string channel);
}
