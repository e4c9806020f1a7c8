using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using MarocAssistant.Conversation.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// The server side of Direct Line 3.0 (shared/specs/botframework/directline-3.0.json), under <c>/v3/directline</c>:
/// tokens, conversations, activities (POST, polling GET, WebSocket stream) and the session id call DirectLineJS makes.
/// User activities are echoed on the stream, run through the turn pipeline, and the replies appended after them.
/// </summary>
public sealed partial class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";
    public const string ChannelId = "directline";
    public const string WebChatChannelId = "webchat";

    private const int MaxParametersBytes = 16 * 1024;

    // Turns of one conversation run one at a time, so its echo and replies stay together in the log.
    private static readonly SemaphoreSlim[] TurnLocks = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    private readonly DirectLineAuth _auth;
    private readonly DirectLineTokens _tokens;
    private readonly IDirectLineStore _store;
    private readonly ActivityBot _bot;
    private readonly DirectLineOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DirectLineEndpoints> _logger;

    public DirectLineEndpoints(
        DirectLineAuth auth,
        DirectLineTokens tokens,
        IDirectLineStore store,
        ActivityBot bot,
        IOptions<DirectLineOptions> options,
        TimeProvider time,
        ILogger<DirectLineEndpoints> logger)
    {
        _auth = auth;
        _tokens = tokens;
        _store = store;
        _bot = bot;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Maps every Direct Line route; the group is returned so that the host can add CORS or rate limits.</summary>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.MapPost("/tokens/generate", (HttpContext c, DirectLineEndpoints e) => e.GenerateAsync(c, c.RequestAborted));
        group.MapPost("/tokens/refresh", (HttpContext c, DirectLineEndpoints e) => e.RefreshAsync(c));
        group.MapPost("/conversations", (HttpContext c, DirectLineEndpoints e) => e.StartAsync(c, c.RequestAborted));
        group.MapGet("/conversations/{conversationId}", (HttpContext c, string conversationId, DirectLineEndpoints e) =>
            e.ReconnectAsync(c, conversationId, c.RequestAborted));
        group.MapGet("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, DirectLineEndpoints e) =>
            e.GetActivitiesAsync(c, conversationId, c.RequestAborted));
        group.MapPost("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, DirectLineEndpoints e) =>
            e.PostActivityAsync(c, conversationId, c.RequestAborted));
        group.MapPost("/conversations/{conversationId}/upload", (HttpContext c, string conversationId, DirectLineEndpoints e) =>
            e.UploadAsync(c, conversationId, c.RequestAborted));
        group.MapGet("/session/getsessionid", (HttpContext c, DirectLineEndpoints e) => e.SessionIdAsync(c));
        group.MapGet("/conversations/{conversationId}/stream", (HttpContext c, string conversationId, DirectLineStream s) =>
            s.HandleAsync(c, conversationId, c.RequestAborted));
        return group;
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
                var start = Shell(conversationId, new ChannelAccount { Id = userId, Role = "user" }, ActivityTypes.ConversationUpdate);
                var welcome = _bot.Welcome(start);
                Stamp(welcome);
                await _store.AppendAsync(conversationId, [welcome], cancellationToken);
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
        var (caller, failure) = await AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        var latest = await _store.LatestWatermarkAsync(conversationId, cancellationToken) ?? 0;
        if (!TryWatermark(context.Request, latest, out var from) || from > latest)
        {
            return DirectLineErrors.BadArgument(WatermarkRefused);
        }

        var userId = caller!.Grant?.UserId ?? DirectLineTokens.NewUserId();
        return Conversation(
            conversationId,
            caller.Grant is null ? null : _tokens.Issue(conversationId, userId),
            StreamUrl(context.Request, conversationId, userId, from),
            StatusCodes.Status200OK);
    }

    /// <summary><c>GET /conversations/{id}/activities?watermark=</c>: polling, messages and events only (no typing).</summary>
    public async Task<IResult> GetActivitiesAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var (_, failure) = await AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!TryWatermark(context.Request, 0, out var from))
        {
            return DirectLineErrors.BadArgument(WatermarkRefused);
        }

        var page = await _store.ReadAsync(conversationId, from, _options.MaxActivitiesPerGet, cancellationToken);
        if (page is null)
        {
            return DirectLineErrors.NotFound();
        }

        // The same rule as reconnect and the stream: a watermark beyond the last activity was never given. Only an
        // empty page can be asked from there, so the common poll with activities costs no extra read.
        if (page.Activities.Count == 0 && from > 0 && from > (await _store.LatestWatermarkAsync(conversationId, cancellationToken) ?? 0))
        {
            return DirectLineErrors.BadArgument(WatermarkRefused);
        }

        var json = ActivitySetJson(page.Activities.Where(a => a.Type != ActivityTypes.Typing), page.Watermark);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    /// <summary><c>POST /conversations/{id}/activities</c>: store the user's activity, run the turn, answer <c>{"id"}</c>.</summary>
    public async Task<IResult> PostActivityAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var (caller, failure) = await AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (!IsJson(context.Request.ContentType))
        {
            return DirectLineErrors.Error(StatusCodes.Status415UnsupportedMediaType, "BadArgument", "Send the activity as application/json.");
        }

        var body = await RequestBody.ReadAsync(context.Request, _options.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return DirectLineErrors.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", $"An activity is at most {_options.MaxRequestBytes} bytes.");
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize(body, BotJsonContext.Default.Activity);
        }
        catch (JsonException)
        {
            return DirectLineErrors.BadArgument("The body is not a valid activity.");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return DirectLineErrors.BadArgument("The activity has no type.");
        }

        return await AcceptAsync(conversationId, caller!, activity, cancellationToken);
    }

    /// <summary>
    /// <c>POST /conversations/{id}/upload?userId=</c>: the assistant reads no files, so their content is discarded
    /// unread; the activity part (if any) goes to the bot with the attachments named, and the bot says what it reads.
    /// </summary>
    public async Task<IResult> UploadAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var (caller, failure) = await AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        if (context.Request.ContentLength > _options.MaxRequestBytes * 4L)
        {
            return DirectLineErrors.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The upload is too large.");
        }

        var activity = new Activity { Type = ActivityTypes.Message, From = new ChannelAccount { Id = context.Request.Query["userId"].ToString() } };
        var attachments = new List<Attachment>();
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is { Length: > 0 } boundary)
        {
            try
            {
                var reader = new MultipartReader(boundary, context.Request.Body);
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (section.ContentType?.StartsWith("application/vnd.microsoft.activity", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        var part = await ReadLimitedAsync(section.Body, _options.MaxRequestBytes, cancellationToken);
                        activity = part is null ? null : JsonSerializer.Deserialize(part, BotJsonContext.Default.Activity);
                        if (activity is null)
                        {
                            return DirectLineErrors.BadArgument("The activity part is not a valid activity.");
                        }
                    }
                    else
                    {
                        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                        attachments.Add(new Attachment { ContentType = section.ContentType ?? "application/octet-stream" });
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or ArgumentException)
            {
                return DirectLineErrors.BadArgument("The body is not a valid multipart upload.");
            }
        }
        else
        {
            try
            {
                await context.Request.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
            catch (IOException)
            {
                return DirectLineErrors.BadArgument("The upload could not be read.");
            }

            attachments.Add(new Attachment { ContentType = context.Request.ContentType ?? "application/octet-stream" });
        }

        activity.Type ??= ActivityTypes.Message;
        if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            activity.From = new ChannelAccount { Id = context.Request.Query["userId"].ToString() };
        }

        // Only what was uploaded is named; nothing of its content is kept.
        activity.Attachments = attachments;
        return await AcceptAsync(conversationId, caller!, activity, cancellationToken);
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
        return Results.Json(new SessionIdResponse { SessionId = sessionId }, DirectLineJsonContext.Default.SessionIdResponse);
    }

    private async Task<IResult> AcceptAsync(string conversationId, DirectLineCaller caller, Activity activity, CancellationToken cancellationToken)
    {
        // A token speaks for its user: the from.id it carries wins over what the client wrote.
        if (caller.Grant is { } grant)
        {
            activity.From ??= new ChannelAccount();
            activity.From.Id = grant.UserId;
        }
        else if (string.IsNullOrWhiteSpace(activity.From?.Id))
        {
            return DirectLineErrors.BadArgument("The activity needs from.id.");
        }

        activity.From!.Role ??= "user";
        // Web Chat says "webchat"; anything else is this channel (a client cannot pass itself off as WhatsApp).
        activity.ChannelId = activity.ChannelId == WebChatChannelId ? WebChatChannelId : ChannelId;
        activity.Conversation = new ConversationAccount { Id = conversationId };
        activity.Recipient = new ChannelAccount { Id = _options.BotId, Name = _options.BotName, Role = "bot" };
        activity.ServiceUrl = null;
        activity.DeliveryMode = null;
        Stamp(activity);

        var turnLock = TurnLocks[(StringComparer.Ordinal.GetHashCode(conversationId) & int.MaxValue) % TurnLocks.Length];
        await turnLock.WaitAsync(cancellationToken);
        try
        {
            var echo = await _store.AppendAsync(conversationId, [activity], cancellationToken);
            if (echo is null)
            {
                return DirectLineErrors.NotFound();
            }

            List<Activity> replies;
            try
            {
                replies = await _bot.RespondAsync(activity, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogBotFailed(ex);
                return DirectLineErrors.Error(StatusCodes.Status502BadGateway, "BotRejectedActivity", "Failed to send activity: bot returned an error");
            }

            foreach (var reply in replies)
            {
                Stamp(reply);
            }

            if (replies.Count > 0)
            {
                await _store.AppendAsync(conversationId, replies, cancellationToken);
            }

            return Results.Json(new ResourceResponse { Id = activity.Id }, DirectLineJsonContext.Default.ResourceResponse);
        }
        finally
        {
            turnLock.Release();
        }
    }

    /// <summary>Authenticates and checks the credential opens this conversation (403 before 404, so ids cannot be probed).</summary>
    private async Task<(DirectLineCaller? Caller, IResult? Failure)> AuthorizeAsync(HttpRequest request, string conversationId, CancellationToken cancellationToken)
    {
        var caller = await _auth.AuthenticateAsync(request);
        if (!caller.Succeeded)
        {
            return (null, caller.Failure);
        }

        if (!caller.CanAccess(conversationId))
        {
            LogCrossConversation();
            return (null, DirectLineErrors.Forbidden());
        }

        return await _store.ExistsAsync(conversationId, cancellationToken) ? (caller, null) : (null, DirectLineErrors.NotFound());
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
            DirectLineJsonContext.Default.DirectLineConversation,
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
        return $"{root}{Prefix}/conversations/{Uri.EscapeDataString(conversationId)}/stream?watermark={watermark.ToString(CultureInfo.InvariantCulture)}&t={Uri.EscapeDataString(token)}";
    }

    private Activity Shell(string conversationId, ChannelAccount user, string type) => new()
    {
        Type = type,
        ChannelId = ChannelId,
        Conversation = new ConversationAccount { Id = conversationId },
        From = user,
        Recipient = new ChannelAccount { Id = _options.BotId, Name = _options.BotName, Role = "bot" },
    };

    private void Stamp(Activity activity) =>
        activity.Timestamp = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The UTF-8 JSON of an ActivitySet built from the stored activity JSON, with the watermark as a string.</summary>
    public static byte[] ActivitySetJson(IEnumerable<StoredActivity> activities, long watermark)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("activities");
            foreach (var activity in activities)
            {
                writer.WriteRawValue(activity.Utf8Json.Span, skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteString("watermark", watermark.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Why a watermark is refused (400 BadArgument) by polling, reconnect and the stream alike: not a non-negative
    /// number, or beyond the conversation's last activity. Accepting one from beyond would silently skip every
    /// activity up to it, the bot's replies included; refused, the client reconnects without it and misses nothing.
    /// </summary>
    internal const string WatermarkRefused = "The watermark is not one this service gave: a number from 0 to the watermark of the last activity.";

    /// <summary>Reads <c>?watermark=</c>: absent or empty gives <paramref name="absent"/>; otherwise a non-negative number.</summary>
    internal static bool TryWatermark(HttpRequest request, long absent, out long watermark)
    {
        var raw = request.Query["watermark"].ToString();
        if (raw.Length == 0)
        {
            watermark = absent;
            return true;
        }

        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out watermark);
    }

    private static async Task<(DirectLineTokenParameters? Parameters, IResult? Error)> ReadParametersAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, MaxParametersBytes, cancellationToken);
        if (body is null)
        {
            return (null, DirectLineErrors.Error(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", "The body is too large."));
        }

        if (body.Length == 0)
        {
            return (null, null);
        }

        try
        {
            var parameters = JsonSerializer.Deserialize(body, DirectLineJsonContext.Default.DirectLineTokenParameters);
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
        catch (JsonException)
        {
            return (null, DirectLineErrors.BadArgument("The body is not valid JSON."));
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Direct Line conversation started with a {Credential}")]
    private partial void LogStarted(string credential);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Direct Line call refused: a token tried another conversation")]
    private partial void LogCrossConversation();

    [LoggerMessage(EventId = 42, Level = LogLevel.Error, Message = "The bot failed on a Direct Line activity")]
    private partial void LogBotFailed(Exception exception);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Direct Line refused a conversation: the store is full")]
    private partial void LogFull();
}
