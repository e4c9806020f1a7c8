using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Channels.Tokens;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>Who is calling: the holder of the secret (any conversation) or of a token (one conversation), or nobody.</summary>
public sealed record DirectLineCaller(bool IsSecret, DirectLineGrant? Grant, IResult? Failure)
{
    public bool Succeeded => Failure is null;

    /// <summary>The secret opens every conversation; a token only its own.</summary>
    public bool CanAccess(string conversationId) =>
        Succeeded && (IsSecret || string.Equals(Grant?.ConversationId, conversationId, StringComparison.Ordinal));
}

/// <summary>
/// Reads <c>Authorization: Bearer &lt;secret|token&gt;</c> as the Direct Line service does, and checks that the credential
/// opens the conversation a call names.
/// </summary>
public sealed partial class DirectLineAuth
{
    private readonly DirectLineTokens _tokens;
    private readonly IDirectLineStore _store;
    private readonly ILogger<DirectLineAuth> _logger;
    private readonly byte[]? _secretHash;

    public DirectLineAuth(DirectLineTokens tokens, IDirectLineStore store, IOptions<DirectLineOptions> options, ILogger<DirectLineAuth> logger)
    {
        _tokens = tokens;
        _store = store;
        _logger = logger;
        var secret = options.Value.Secret;
        _secretHash = secret.Length > 0 ? SHA256.HashData(Encoding.UTF8.GetBytes(secret)) : null;
    }

    /// <summary>Authenticates and checks the credential opens this conversation (403 before 404, so ids cannot be probed).</summary>
    public async Task<DirectLineCaller> AuthorizeAsync(HttpRequest request, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await AuthenticateAsync(request);
        if (!caller.Succeeded)
        {
            return caller;
        }

        if (!caller.CanAccess(conversationId))
        {
            LogCrossConversation();
            return Fail(DirectLineErrors.Forbidden());
        }

        return await _store.ExistsAsync(conversationId, cancellationToken) ? caller : Fail(DirectLineErrors.NotFound());
    }

    public async Task<DirectLineCaller> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            return Fail(DirectLineErrors.Error(StatusCodes.Status401Unauthorized, "MissingToken", "Send Authorization: Bearer <secret or token>."));
        }

        return await AuthenticateTokenAsync(header["Bearer ".Length..].Trim(), DirectLineTokens.ConversationScope);
    }

    /// <summary>Checks a bare credential; <paramref name="scope"/> is the token scope the call needs.</summary>
    public async Task<DirectLineCaller> AuthenticateTokenAsync(string credential, string scope)
    {
        if (scope == DirectLineTokens.ConversationScope && IsSecret(credential))
        {
            return new DirectLineCaller(true, null, null);
        }

        var (status, grant) = await _tokens.ValidateAsync(credential);
        return status switch
        {
            TokenStatus.Valid when grant!.Scope == scope => new DirectLineCaller(false, grant, null),
            TokenStatus.Expired => Fail(DirectLineErrors.Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired.")),
            _ => Fail(DirectLineErrors.Error(StatusCodes.Status403Forbidden, "Forbidden", "The secret or token is not valid.")),
        };
    }

    private bool IsSecret(string credential) =>
        _secretHash is not null
        && CryptographicOperations.FixedTimeEquals(_secretHash, SHA256.HashData(Encoding.UTF8.GetBytes(credential)));

    private static DirectLineCaller Fail(IResult result) => new(false, null, result);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Direct Line call refused: a token tried another conversation")]
    private partial void LogCrossConversation();
}

/// <summary>
/// Errors as ProblemDetails that also carry the protocol's <c>{"error":{"code","message"}}</c>, so Direct Line clients
/// and generic HTTP clients both understand them.
/// </summary>
public static class DirectLineErrors
{
    public static IResult Error(int status, string code, string message) =>
        Results.Problem(
            statusCode: status,
            title: code,
            detail: message,
            extensions: new Dictionary<string, object?>
            {
                ["error"] = new Dictionary<string, string> { ["code"] = code, ["message"] = message },
            });

    public static IResult Forbidden() =>
        Error(StatusCodes.Status403Forbidden, "Forbidden", "This credential does not open this conversation.");

    /// <summary>An unknown, expired or evicted conversation: 404 with the code Azure's service gives, <c>BadArgument</c>.</summary>
    public static IResult NotFound() =>
        Error(StatusCodes.Status404NotFound, "BadArgument", "Conversation not found (unknown, expired or evicted).");

    public static IResult BadArgument(string message) =>
        Error(StatusCodes.Status400BadRequest, "BadArgument", message);
}
