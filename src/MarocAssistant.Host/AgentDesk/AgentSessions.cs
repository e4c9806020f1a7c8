using System.Security.Cryptography;
using MarocAssistant.Channels.Tokens;
using MarocAssistant.Conversation.AgentDesk;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.AgentDesk;

/// <summary>
/// Agents' sign-in: the password checked against its configured hash, then a signed session token (an HMAC-SHA256 JWT
/// of <see cref="HmacTokenSigner"/> naming the user, <c>AgentDesk:SessionMinutes</c> long) given both as an HttpOnly
/// cookie for the page and in the body for API clients, who send it as a bearer. An agent removed from the configuration loses their session.
/// </summary>
public sealed class AgentSessions
{
    public const string CookieName = "maroc_agent";

    private const string Issuer = "MarocAssistant/AgentDesk";

    // Checked when the user is unknown, so that an unknown user takes as long as a wrong password.
    private static readonly string DummyHash = AgentPasswords.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    private readonly HmacTokenSigner _signer;
    private readonly AgentDeskOptions _options;

    public AgentSessions(IOptions<AgentDeskOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _signer = new HmacTokenSigner(Issuer, _options.SigningKey, time);
    }

    public TimeSpan Lifetime => TimeSpan.FromMinutes(_options.SessionMinutes);

    /// <summary>The agent whose password this is; null for an unknown user or a wrong password.</summary>
    public AgentAccount? SignIn(string? user, string? password)
    {
        var agent = string.IsNullOrEmpty(user) ? null : _options.Find(user);
        var ok = AgentPasswords.Verify(agent?.PasswordHash ?? DummyHash, password ?? "");
        return agent is not null && ok ? agent : null;
    }

    public string Issue(AgentAccount agent) =>
        _signer.Issue(Lifetime, new Dictionary<string, object> { ["sub"] = agent.User });

    /// <summary>The signed-in agent of a request: the bearer token, else the cookie; null when neither is valid.</summary>
    public async Task<AgentAccount?> AuthenticateAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim()
            : request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
        var (status, jwt) = await _signer.ValidateAsync(token);
        if (status != TokenStatus.Valid || !jwt!.TryGetPayloadValue<string>("sub", out var user))
        {
            return null;
        }

        return _options.Find(user);
    }
}
