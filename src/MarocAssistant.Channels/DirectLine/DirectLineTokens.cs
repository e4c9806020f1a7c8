using System.Security.Cryptography;
using MarocAssistant.Channels.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>What a token grants: one conversation, for one user, for a while.</summary>
/// <param name="ConversationId">The only conversation the token opens.</param>
/// <param name="UserId">The user the token speaks for (the <c>user</c> claim, which DirectLineJS adopts).</param>
/// <param name="Scope"><see cref="DirectLineTokens.ConversationScope"/> for REST calls, <see cref="DirectLineTokens.StreamScope"/> for a stream URL.</param>
/// <param name="ExpiresAt">When the token stops working.</param>
public sealed record DirectLineGrant(string ConversationId, string UserId, string Scope, DateTimeOffset ExpiresAt);

/// <summary>
/// Conversation-scoped Direct Line tokens: JWTs signed with HMAC-SHA256 (<see cref="HmacTokenSigner"/>), carrying
/// <c>conv</c>, <c>user</c> and <c>scp</c> claims. A token never opens another conversation than its own; the secret
/// is never derived from it.
/// </summary>
public sealed class DirectLineTokens
{
    public const string ConversationScope = "conversation";
    public const string StreamScope = "stream";

    private const string Issuer = "MarocAssistant/DirectLine";

    private readonly HmacTokenSigner _signer;
    private readonly TimeProvider _time;
    private readonly DirectLineOptions _options;

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        _signer = new HmacTokenSigner(Issuer, _options.TokenSigningKey, time);
    }

    public TimeSpan TokenLifetime => TimeSpan.FromSeconds(_options.TokenLifetimeSeconds);

    /// <summary>A new conversation id, URL-safe and unguessable.</summary>
    public static string NewConversationId() => RandomId(18);

    /// <summary>A user id for a caller that gave none (the <c>dl_</c> prefix is the service's own convention).</summary>
    public static string NewUserId() => "dl_" + RandomId(12);

    public string Issue(string conversationId, string userId, string scope = ConversationScope) =>
        _signer.Issue(
            scope == StreamScope ? TimeSpan.FromSeconds(_options.StreamUrlLifetimeSeconds) : TokenLifetime,
            new Dictionary<string, object>
            {
                ["conv"] = conversationId,
                ["user"] = userId,
                ["scp"] = scope,
                ["jti"] = RandomId(9),
            });

    /// <summary>Checks signature, issuer and audience, then the lifetime against the host's clock.</summary>
    public async Task<(TokenStatus Status, DirectLineGrant? Grant)> ValidateAsync(string token)
    {
        var (status, jwt) = await _signer.ValidateAsync(token);
        if (jwt is null
            || !jwt.TryGetPayloadValue<string>("conv", out var conversationId)
            || !jwt.TryGetPayloadValue<string>("user", out var userId)
            || !jwt.TryGetPayloadValue<string>("scp", out var scope)
            || string.IsNullOrEmpty(conversationId) || string.IsNullOrEmpty(userId))
        {
            return (TokenStatus.Invalid, null);
        }

        return (status, new DirectLineGrant(conversationId, userId, scope, HmacTokenSigner.ExpiresAt(jwt)));
    }

    /// <summary>Seconds left before <paramref name="grant"/> expires (the <c>expires_in</c> field).</summary>
    public int SecondsLeft(DirectLineGrant grant) =>
        Math.Max(0, (int)(grant.ExpiresAt - _time.GetUtcNow()).TotalSeconds);

    private static string RandomId(int bytes) =>
        Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));
}
