using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.WhatsApp;

/// <summary>
/// The Cloud API webhook (shared/specs/whatsapp): <c>GET /api/whatsapp</c> answers Meta's verification handshake,
/// <c>POST /api/whatsapp</c> checks <c>X-Hub-Signature-256</c> over the raw bytes, queues the messages and answers 200 at
/// once; statuses (sent, delivered, read, failed) are acknowledged and ignored.
/// </summary>
public sealed partial class WhatsAppEndpoints
{
    public const string Path = "/api/whatsapp";
    public const string SignatureHeader = "X-Hub-Signature-256";

    private readonly WhatsAppOptions _options;
    private readonly WhatsAppQueue _queue;
    private readonly ILogger<WhatsAppEndpoints> _logger;
    private readonly byte[] _verifyTokenHash;

    public WhatsAppEndpoints(IOptions<WhatsAppOptions> options, WhatsAppQueue queue, ILogger<WhatsAppEndpoints> logger)
    {
        _options = options.Value;
        _queue = queue;
        _logger = logger;
        _verifyTokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(_options.VerifyToken));
    }

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Path);
        group.MapGet("", (HttpContext c, WhatsAppEndpoints e) => e.Verify(c));
        group.MapPost("", (HttpContext c, WhatsAppEndpoints e) => e.ReceiveAsync(c, c.RequestAborted));
        return group;
    }

    /// <summary>The handshake: <c>hub.mode=subscribe</c> and the right <c>hub.verify_token</c> get the challenge back as text.</summary>
    public IResult Verify(HttpContext context)
    {
        var query = context.Request.Query;
        var challenge = query["hub.challenge"].ToString();
        if (_options.VerifyToken.Length == 0
            || query["hub.mode"].ToString() != "subscribe"
            || !CryptographicOperations.FixedTimeEquals(_verifyTokenHash, SHA256.HashData(Encoding.UTF8.GetBytes(query["hub.verify_token"].ToString())))
            || challenge.Length is 0 or > 256)
        {
            LogHandshakeRefused();
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Verification failed", detail: "Wrong mode or verify token.");
        }

        context.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(challenge, "text/plain", Encoding.UTF8);
    }

    /// <summary>A notification: signature first (401, nothing read, if wrong), then queue and 200.</summary>
    public async Task<IResult> ReceiveAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var body = await JsonRequestReader.ReadBytesAsync(context.Request, _options.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", detail: $"At most {_options.MaxRequestBytes} bytes.");
        }

        if (!_options.Enabled || !WhatsAppSignature.IsValid(_options.AppSecret, body, context.Request.Headers[SignatureHeader].ToString()))
        {
            LogBadSignature(_options.Enabled);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Bad signature", detail: "X-Hub-Signature-256 does not match the body.");
        }

        // Parsed only once the signature says Meta sent it.
        var read = JsonRequestReader.Parse(body, WhatsAppJsonContext.Default.WebhookPayload, "webhook notification");
        if (!read.Succeeded)
        {
            return Results.Problem(statusCode: read.StatusCode, title: "Malformed notification", detail: read.Problem);
        }

        var payload = read.Value;
        if (payload?.Object != "whatsapp_business_account")
        {
            // Signed by Meta but not about WhatsApp messages: acknowledged, nothing to do.
            return Results.Ok();
        }

        foreach (var inbound in Extract(payload))
        {
            if (!_queue.TryEnqueue(inbound))
            {
                // Meta retries a failed delivery; what was already queued is answered once thanks to the message id.
                LogQueueFull();
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: "Too many messages waiting; retry later.");
            }
        }

        return Results.Ok();
    }

    /// <summary>The messages of a notification addressed to our number, as work items.</summary>
    public IEnumerable<WhatsAppInbound> Extract(WebhookPayload payload)
    {
        // JSON nulls inside arrays are skipped: a malformed notification must never fail the webhook.
        foreach (var change in (payload.Entry ?? []).OfType<WebhookEntry>().SelectMany(e => e.Changes ?? []).OfType<WebhookChange>())
        {
            if (change.Field != "messages" || change.Value is not { } value)
            {
                continue;
            }

            var contacts = value.Contacts?.OfType<WebhookContact>().ToList() ?? [];

            if (value.Metadata?.PhoneNumberId is { Length: > 0 } to && to != _options.PhoneNumberId)
            {
                LogOtherNumber();
                continue;
            }

            foreach (var message in (value.Messages ?? []).OfType<WebhookMessage>())
            {
                if (string.IsNullOrEmpty(message.Id))
                {
                    continue;
                }

                var contact = contacts.Find(c => c.WaId is not null && c.WaId == message.From)
                    ?? (contacts.Count == 1 ? contacts[0] : null);
                var userId = NonEmpty(message.FromUserId) ?? NonEmpty(contact?.UserId);
                var phone = NonEmpty(message.From) ?? NonEmpty(contact?.WaId);
                var userKey = userId ?? phone;
                if (userKey is null)
                {
                    continue;
                }

                yield return new WhatsAppInbound(message.Id, userKey, new WhatsAppRecipient(phone, userId), message.Type ?? "unknown", TextOf(message));
            }
        }
    }

    /// <summary>What the citizen said: typed text, the id of a tapped reply button or list row, a template button's payload.</summary>
    public static string? TextOf(WebhookMessage message) => message.Type switch
    {
        "text" => NonEmpty(message.Text?.Body),
        "interactive" => message.Interactive?.Type switch
        {
            "button_reply" => NonEmpty(message.Interactive.ButtonReply?.Id) ?? NonEmpty(message.Interactive.ButtonReply?.Title),
            "list_reply" => NonEmpty(message.Interactive.ListReply?.Id) ?? NonEmpty(message.Interactive.ListReply?.Title),
            _ => null,
        },
        "button" => NonEmpty(message.Button?.Payload) ?? NonEmpty(message.Button?.Text),
        _ => null,
    };

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "WhatsApp webhook handshake refused")]
    private partial void LogHandshakeRefused();

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "WhatsApp webhook refused: bad or missing signature (channel configured: {Configured})")]
    private partial void LogBadSignature(bool configured);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "WhatsApp queue full: notification refused with 503")]
    private partial void LogQueueFull();

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "WhatsApp message for another phone number id ignored")]
    private partial void LogOtherNumber();
}

/// <summary><c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(app secret, raw body)&gt;</c>, compared in constant time.</summary>
public static class WhatsAppSignature
{
    private const string Prefix = "sha256=";

    public static bool IsValid(string appSecret, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrEmpty(appSecret) || header is null || !header.StartsWith(Prefix, StringComparison.Ordinal) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(header.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    public static string Sign(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body)).ToLowerInvariant();
}
