using System.Text.Json.Serialization;
using MarocAssistant.Conversation.AgentDesk;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// <c>POST /api/widget/token</c>: a token for one new Direct Line conversation, for pages whose <c>Origin</c> the
/// administration allowed (the embeddable widget). The secret never leaves the host. Its CORS policy also covers the
/// Direct Line routes the widget calls next.
/// </summary>
public sealed partial class WidgetTokens
{
    public const string Path = "/api/widget/token";
    public const string CorsPolicy = "widget";

    private const int MaxRequestBytes = 4096;

    private readonly WidgetTokenOptions _options;
    private readonly DirectLineOptions _directLine;
    private readonly DirectLineTokens _tokens;
    private readonly ILogger<WidgetTokens> _logger;
    private readonly AgentDeskService _desk;

    private readonly Lazy<HashSet<string>> _ownOrigins;

    public WidgetTokens(
        IOptions<WidgetTokenOptions> options, IOptions<DirectLineOptions> directLine, DirectLineTokens tokens, IServer server, ILogger<WidgetTokens> logger, AgentDeskService desk)
    {
        _desk = desk;
        _options = options.Value;
        _directLine = directLine.Value;
        _tokens = tokens;
        _logger = logger;

        // Read at the first token request, once the server listens and knows its addresses.
        _ownOrigins = new(() => OwnOrigins(_directLine.PublicUrl, server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []));
    }

    /// <summary>
    /// The origins of the pages this host serves itself (the demo page), from configuration only:
    /// <c>DirectLine:PublicUrl</c>, and the addresses the server listens on (<c>urls</c>, <c>ASPNETCORE_URLS</c>), a
    /// wildcard host read as <c>localhost</c> and <c>127.0.0.1</c>. Never from the request's own Host header, which
    /// any client sets as it likes (with a matching Origin, curl would pass for the demo page).
    /// </summary>
    internal static HashSet<string> OwnOrigins(string publicUrl, IEnumerable<string> listening)
    {
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (publicUrl.Length > 0 && Uri.TryCreate(publicUrl, UriKind.Absolute, out var configured))
        {
            origins.Add(configured.GetLeftPart(UriPartial.Authority));
        }

        foreach (var address in listening)
        {
            // Kestrel writes wildcards as "+", "*", "0.0.0.0" or "[::]", which Uri does not all parse.
            var text = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                continue;
            }

            var port = uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (uri.Host is "0.0.0.0" or "[::]" or "::")
            {
                origins.Add($"{uri.Scheme}://localhost{port}");
                origins.Add($"{uri.Scheme}://127.0.0.1{port}");
            }
            else
            {
                origins.Add($"{uri.Scheme}://{uri.Host}{port}");
            }
        }

        return origins;
    }

    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, (HttpContext c, WidgetTokens w) => w.TokenAsync(c, c.RequestAborted)).RequireCors(CorsPolicy);

    /// <summary>The CORS policy of the token and Direct Line calls: any origin some administration allowed, with credentials.</summary>
    public static void ConfigureCors(CorsOptions cors, WidgetTokenOptions widget) =>
        cors.AddPolicy(CorsPolicy, policy => policy
            .SetIsOriginAllowed(widget.IsAllowedAnywhere)
            .AllowCredentials()
            .WithMethods("GET", "POST")
            .WithHeaders(HeaderNames.Authorization, HeaderNames.ContentType, "x-ms-bot-agent")
            .SetPreflightMaxAge(TimeSpan.FromHours(1)));

    /// <summary>A conversation token for the administration named in the body, if the page's origin is allowed for it.</summary>
    public async Task<IResult> TokenAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var read = await JsonRequestReader.ReadOptionalAsync(
            context.Request, MaxRequestBytes, WidgetJsonContext.Default.WidgetTokenRequest, "{\"administration\":\"...\"}", cancellationToken);
        if (read.Failure == JsonBodyFailure.TooLarge)
        {
            return Results.Problem(statusCode: read.StatusCode, title: "Request too large", detail: "The body is too large.");
        }

        if (!read.Succeeded)
        {
            return Results.Problem(statusCode: read.StatusCode, title: "Malformed request", detail: read.Problem);
        }

        var request = read.Value;
        if (string.IsNullOrWhiteSpace(request?.Administration))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", detail: "The administration is missing.");
        }

        if (!_options.Administrations.TryGetValue(request.Administration, out var administration))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown administration", detail: "No widget is configured for this administration.");
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!IsAllowed(administration, origin))
        {
            LogOriginRefused();
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed", detail: "This page may not embed the widget of this administration.");
        }

        var conversationId = DirectLineTokens.NewConversationId();
        var userId = DirectLineTokens.NewUserId();
        await _desk.AssignAsync(conversationId, request.Administration, TimeSpan.FromDays(1), cancellationToken);   // its hand-offs go to this administration's desk
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new WidgetToken
            {
                Token = _tokens.Issue(conversationId, userId),
                ConversationId = conversationId,
                ExpiresIn = _directLine.TokenLifetimeSeconds,
                UserId = userId,
                Title = administration.Name,
            },
            WidgetJsonContext.Default.WidgetToken);
    }

    private bool IsAllowed(WidgetAdministration administration, string origin)
    {
        if (origin.Length == 0)
        {
            // Browsers always send Origin with a POST from a page; without one this is not a page.
            return false;
        }

        return administration.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)
            || (administration.AllowSameOrigin && _ownOrigins.Value.Contains(origin));
    }

    [LoggerMessage(EventId = 80, Level = LogLevel.Warning, Message = "Widget token refused: the page's origin is not allowed for that administration")]
    private partial void LogOriginRefused();
}

/// <summary>The widget's request: which administration embeds it.</summary>
public sealed class WidgetTokenRequest
{
    [JsonPropertyName("administration")]
    public string? Administration { get; set; }
}

/// <summary>What the widget needs to start Web Chat: a token for one conversation (never the secret).</summary>
public sealed class WidgetToken
{
    [JsonPropertyName("token")]
    public string Token { get; set; } = "";

    [JsonPropertyName("conversationId")]
    public string ConversationId { get; set; } = "";

    [JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    [JsonPropertyName("userId")]
    public string UserId { get; set; } = "";

    [JsonPropertyName("title")]
    public string? Title { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WidgetTokenRequest))]
[JsonSerializable(typeof(WidgetToken))]
internal sealed partial class WidgetJsonContext : JsonSerializerContext;
