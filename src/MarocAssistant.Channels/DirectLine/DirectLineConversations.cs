using System.Globalization;
using System.Security.Cryptography;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// Tokens and conversations: <c>POST /tokens/generate</c> and <c>/tokens/refresh</c>, <c>POST /conversations</c>
/// (start), <c>GET /conversations/{id}</c> (reconnect, a fresh stream URL) and <c>GET /session/getsessionid</c>.
/// </summary>
public sealed partial class DirectLineConversations
{
    private const int MaxParametersBytes = 16 * 1024;

    private readonly DirectLineAuth _auth;
    private readonly DirectLineTokens _tokens;
    private readonly IDirectLineStore _store;
    private readonly DirectLineTurns _turns;
    private readonly DirectLineOptions _options;
    private readonly ILogger<DirectLineConversations> _logger;

    public DirectLineConversations(
        DirectLineAuth auth,
        DirectLineTokens tokens,
        IDirectLineStore store,
        DirectLineTurns turns,
        IOptions<DirectLineOptions> options,
        ILogger<DirectLineConversations> logger)
    {
        _auth = auth;
        _tokens = tokens;
        _store = store;
        _turns = turns;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary><c>POST /tokens/generate</c>: the secret buys a token for a new conversation, not started yet.</summary>
    public async Task<IResult> GenerateAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthenticateAsync(context.Request);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        if (!caller.IsSecret)
        {
            return DirectLineErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", "Only the secret can generate tokens.");
        }

        var (parameters, error) = await ReadParametersAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var conversationId = DirectLineTokens.NewConversationId();
        var userId = parameters?.User?.Id ?? DirectLineTokens.NewUserId();
        return Conversation(conversationId, _tokens.Issue(conversationId, userId), null, StatusCodes.Status200OK);
    }

    /// <summary><c>POST /tokens/refresh</c>: an unexpired token buys a fresh one for the same conversation and user.</summary>
    public async Task<IResult> RefreshAsync(HttpContext context)
    {
        var caller = await _auth.AuthenticateAsync(context.Request);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        if (caller.Grant is not { } grant)
        {
            return DirectLineErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", "Only a token can be refreshed.");
        }

        return Conversation(grant.ConversationId, _tokens.Issue(grant.ConversationId, grant.UserId), null, StatusCodes.Status200OK);
    }

    /// <summary>
    /// <c>POST /conversations</c>: with the secret, a new conversation; with a token, the token's conversation
    /// (201 when it is created now, 200 when it already existed). The bot welcomes a new conversation.
    /// </summary>
    public async Task<IResult> StartAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthenticateAsync(context.Request);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        var (parameters, error) = await ReadParametersAsync(context.Request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var conversationId = caller.Grant?.ConversationId ?? DirectLineTokens.NewConversationId();
        var userId = caller.Grant?.UserId ?? parameters?.User?.Id ?? DirectLineTokens.NewUserId();
        bool created;
        try
        {
            created = await _store.CreateAsync(conversationId, cancellationToken);
        }
        catch (DirectLineFullException)
        {
            LogFull();
            return DirectLineErrors.Error(StatusCodes.Status503ServiceUnavailable, "ServiceBusy", "Too many open conversations; try again later.");
        }

        long streamFrom;
        if (created)
        {
            // A new conversation's stream replays everything, the welcome included.
            streamFrom = 0;
            if (_options.WelcomeOnStart)
            {
                await _turns.WelcomeAsync(conversationId, userId, cancellationToken);
            }

            LogStarted(caller.IsSecret ? "secret" : "token");
        }
        else
        {
            streamFrom = await _store.LatestWatermarkAsync(conversationId, cancellationToken) ?? 0;
        }

        return Conversation(
            conversationId,
            _tokens.Issue(conversationId, userId),
            StreamUrl(context.Request, conversationId, userId, streamFrom),
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary><c>GET /conversations/{id}?watermark=</c>: a fresh stream URL, replaying from the watermark (or from now).</summary>
    public async Task<IResult> ReconnectAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        var latest = await _store.LatestWatermarkAsync(conversationId, cancellationToken) ?? 0;
        if (!DirectLineWire.TryWatermark(context.Request, latest, out var from) || from > latest)
        {
            return DirectLineErrors.BadArgument(DirectLineWire.WatermarkRefused);
        }

        var userId = caller.Grant?.UserId ?? DirectLineTokens.NewUserId();
        return Conversation(
            conversationId,
            caller.Grant is null ? null : _tokens.Issue(conversationId, userId),
            StreamUrl(context.Request, conversationId, userId, from),
            StatusCodes.Status200OK);
    }

    /// <summary><c>GET /session/getsessionid</c>: DirectLineJS asks for it with OAuth cards; any valid credential gets one.</summary>
    public async Task<IResult> SessionIdAsync(HttpContext context)
    {
        var caller = await _auth.AuthenticateAsync(context.Request);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        var sessionId = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        return Results.Json(new SessionIdResponse { SessionId = sessionId }, ActivityJsonContext.Default.SessionIdResponse);
    }

    private IResult Conversation(string conversationId, string? token, string? streamUrl, int status) =>
        Results.Json(
            new DirectLineConversation
            {
                ConversationId = conversationId,
                Token = token,
                ExpiresIn = token is null ? null : _options.TokenLifetimeSeconds,
                StreamUrl = streamUrl,
            },
            ActivityJsonContext.Default.DirectLineConversation,
            statusCode: status);

    private string StreamUrl(HttpRequest request, string conversationId, string userId, long watermark)
    {
        string root;
        if (_options.PublicUrl.Length > 0)
        {
            root = _options.PublicUrl.TrimEnd('/');
        }
        else
        {
            root = request.Scheme + "://" + request.Host + request.PathBase;
        }

        root = root.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + root[8..] : "ws://" + root[(root.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var token = _tokens.Issue(conversationId, userId, DirectLineTokens.StreamScope);
        return $"{root}{DirectLineEndpoints.Prefix}/conversations/{Uri.EscapeDataString(conversationId)}/stream?watermark={watermark.ToString(CultureInfo.InvariantCulture)}&t={Uri.EscapeDataString(token)}";
    }

    /// <summary>The optional body of start and generate; Direct Line keeps its own fixed words for a refused one.</summary>
    private static async Task<(DirectLineTokenParameters? Parameters, IResult? Error)> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var read = await JsonRequestReader.ReadOptionalAsync(request, MaxParametersBytes, ActivityJsonContext.Default.DirectLineTokenParameters, "JSON object", cancellationToken);
        if (read.Failure == JsonBodyFailure.TooLarge)
        {
            return (null, DirectLineErrors.Error(read.StatusCode, "MessageSizeTooBig", "The body is too large."));
        }

        if (!read.Succeeded)
        {
            return (null, DirectLineErrors.BadArgument("The body is not valid JSON."));
        }

        var parameters = read.Value;
        if (parameters?.User?.Id is { } id && (id.Length > 128 || id.Any(char.IsControl)))
        {
            return (null, DirectLineErrors.BadArgument("user.id is too long or not printable."));
        }

        if (parameters?.User is { Id: "" })
        {
            parameters.User.Id = null;
        }

        return (parameters, null);
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Direct Line conversation started with a {Credential}")]
    private partial void LogStarted(string credential);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Direct Line refused a conversation: the store is full")]
    private partial void LogFull();
}
