using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Channels.Tokens;

public enum TokenStatus
{
    Valid,
    Invalid,
    Expired,
}

/// <summary>
/// Signs and checks the host's own tokens: JWTs (base64url header, payload and HMAC-SHA256 signature) whose issuer and
/// audience are both <c>issuer</c>, with an expiry checked against the host's clock so that an expired token is told
/// apart from a forged one. Direct Line tokens and agent sessions each have one, with their own key and issuer, so a
/// token of one never opens the other.
/// </summary>
public sealed class HmacTokenSigner
{
    /// <summary>Longer tokens are refused unread.</summary>
    public const int MaxTokenLength = 4096;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly string _issuer;
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly TimeProvider _time;

    /// <param name="issuer">The issuer and audience of the tokens (<c>MarocAssistant/DirectLine</c>...).</param>
    /// <param name="key">The configured signing key; empty: a random key for this process (its tokens work on this host only).</param>
    /// <param name="time">The clock that issues and expires tokens.</param>
    public HmacTokenSigner(string issuer, string key, TimeProvider time)
    {
        _issuer = issuer;
        _time = time;
        var securityKey = new SymmetricSecurityKey(key.Length > 0 ? Encoding.UTF8.GetBytes(key) : RandomNumberGenerator.GetBytes(32));
        _credentials = new SigningCredentials(securityKey, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = issuer,
            IssuerSigningKey = securityKey,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false,   // checked against our clock in ValidateAsync
            RequireExpirationTime = true,
        };
    }

    /// <summary>A token carrying <paramref name="claims"/>, valid from now for <paramref name="lifetime"/>.</summary>
    public string Issue(TimeSpan lifetime, IDictionary<string, object> claims)
    {
        var now = _time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _issuer,
            Audience = _issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = _credentials,
            Claims = claims,
        });
    }

    /// <summary>
    /// Checks the signature, algorithm, issuer and audience, then the expiry against the host's clock. The token is
    /// given back when its signature holds (<see cref="TokenStatus.Valid"/> or <see cref="TokenStatus.Expired"/>).
    /// </summary>
    public async Task<(TokenStatus Status, JsonWebToken? Token)> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return (TokenStatus.Invalid, null);
        }

        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return (TokenStatus.Invalid, null);
        }

        return (_time.GetUtcNow() >= ExpiresAt(jwt) ? TokenStatus.Expired : TokenStatus.Valid, jwt);
    }

    /// <summary>When a token it signed stops working.</summary>
    public static DateTimeOffset ExpiresAt(JsonWebToken token) => new(token.ValidTo, TimeSpan.Zero);
}
