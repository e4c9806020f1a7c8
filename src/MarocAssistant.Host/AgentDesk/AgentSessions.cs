using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Conversation.AgentDesk;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Host.AgentDesk;

/// <summary>
/// Agents' sign-in: the password checked against its configured hash, then a signed session token (HMAC-SHA256 JWT
/// naming the user, <c>AgentDesk:SessionMinutes</c> long) given both as an HttpOnly cookie for the page and in the
/// body for API clients, who send it as a bearer. An agent removed from the configuration loses their session.
/// </summary>
public sealed class AgentSessions
{
    public const string CookieName = "maroc_agent";

    private const string Issuer = "MarocAssistant/AgentDesk";

    // Checked when the user is unknown, so that an unknown user takes as long as a wrong password.
    private static readonly string DummyHash = AgentPasswords.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningCredentials _credentials;
    private readonly TokenValidationParameters _validation;
    private readonly AgentDeskOptions _options;
    private readonly TimeProvider _time;

    public AgentSessions(IOptions<AgentDeskOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var key = new SymmetricSecurityKey(_options.SigningKey.Length > 0 ? Encoding.UTF8.GetBytes(_options.SigningKey) : RandomNumberGenerator.GetBytes(32));
        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateLifetime = false,   // checked below against the host's clock
            RequireExpirationTime = true,
        };
    }

    public TimeSpan Lifetime => TimeSpan.FromMinutes(_options.SessionMinutes);

    /// <summary>The agent whose password this is; null for an unknown user or a wrong password.</summary>
    public AgentAccount? SignIn(string? user, string? password)
    {
        var agent = string.IsNullOrEmpty(user) ? null : _options.Find(user);
        var ok = AgentPasswords.Verify(agent?.PasswordHash ?? DummyHash, password ?? "");
        return agent is not null && ok ? agent : null;
    }

    public string Issue(AgentAccount agent)
    {
        var now = _time.GetUtcNow();
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            SigningCredentials = _credentials,
            Claims = new Dictionary<string, object> { ["sub"] = agent.User },
        });
    }

    /// <summary>The signed-in agent of a request: the bearer token, else the cookie; null when neither is valid.</summary>
    public async Task<AgentAccount?> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        var result = await _handler.ValidateTokenAsync(token, _validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt || !jwt.TryGetPayloadValue<string>("sub", out var user)
            || _time.GetUtcNow() >= new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero))
        {
            return null;
        }

        return _options.Find(user);
    }
}
