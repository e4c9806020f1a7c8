using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>What a token grants: one conversation, for one user, for a while.</summary>
/// <param name="ConversationId">The only conversation the token opens.</param>
/// <param name="UserId">The user the token speaks for (the <c>user</c> claim, which DirectLineJS adopts).</param>
/// <param name="Scope"><see cref="DirectLineTokens.ConversationScope"/> for REST calls, <see cref="DirectLineTokens.StreamScope"/> for a stream URL.</param>
/// <param name="ExpiresAt">When the token stops working.</param>
public sealed record DirectLineGrant(string ConversationId, string UserId, string Scope, DateTimeOffset ExpiresAt);

public enum TokenStatus
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Conversation-scoped Direct Line tokens: JWTs signed with HMAC-SHA256, carrying <c>conv</c>, <c>user</c> and
/// <c>scp</c> claims. A token never opens another conversation than its own; the secret is never derived from it.
/// </summary>
public sealed class DirectLineTokens
{
    public const string ConversationScope = "conversation";
    public const string StreamScope = "stream";

    private const string Issuer = "MarocAssistant/DirectLine";
    private const string Audience = "MarocAssistant/DirectLine";

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;
    private readonly DirectLineOptions _options;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var keyBytes = _options.TokenSigningKey.Length > 0
            ? Encoding.UTF8.GetBytes(_options.TokenSigningKey)
            : RandomNumberGenerator.GetBytes(32);
        var key = new SymmetricSecurityKey(keyBytes);
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Audience,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            // Lifetime is checked below against our clock, so that an expired token is told apart (TokenExpired).
            ValidateLifetime = false,
            RequireExpirationTime = true,
        };
    }

    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(_options.TokenLifetimeSeconds);

    /// <summary>A new conversation id, URL-safe and unguessable.</summary>
    public static string NewConversationId() => RandomId(18);

    /// <summary>A user id for a caller that gave none (the <c>dl_</c> prefix is the service's own convention).</summary>
    public static string NewUserId() => "dl_" + RandomId(12);

    public string Issue(string conversationId, string userId, string scope = ConversationScope)
    {
        var lifetime = scope == StreamScope ? TimeSpan.FromSeconds(_options.StreamUrlLifetimeSeconds) : TokenLifetime;
        var now = _time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object>
            {
                ["conv"] = conversationId,
                ["user"] = userId,
                ["scp"] = scope,
                ["jti"] = RandomId(9),
            },
        });
    }

    /// <summary>Checks signature, issuer and audience, then the lifetime against the host's clock.</summary>
    public async Task<(TokenStatus Status, DirectLineGrant? Grant)> ValidateAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return (TokenStatus.Invalid, null);
        }

        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (TokenStatus.Invalid, null);
        }

        if (!jwt.TryGetPayloadValue<string>("conv", out var conversationId)
            || !jwt.TryGetPayloadValue<string>("user", out var userId)
            || !jwt.TryGetPayloadValue<string>("scp", out var scope)
            || string.IsNullOrEmpty(conversationId) || string.IsNullOrEmpty(userId))
        {
            return (TokenStatus.Invalid, null);
        }

        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        var grant = new DirectLineGrant(conversationId, userId, scope, expires);
        return _time.GetUtcNow() >= expires ? (TokenStatus.Expired, grant) : (TokenStatus.Valid, grant);
    }

    /// <summary>Seconds left before <paramref name="grant"/> expires (the <c>expires_in</c> field).</summary>
    public int SecondsLeft(DirectLineGrant grant) =>
        Math.Max(0, (int)(grant.ExpiresAt - _time.GetUtcNow()).TotalSeconds);

    private static string RandomId(int bytes) =>
        Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
