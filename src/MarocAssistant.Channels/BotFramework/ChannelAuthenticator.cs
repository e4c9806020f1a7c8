using System.Security.Claims;
using MarocAssistant.Activities;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>
/// Validates the bearer JWT that a channel (or the Emulator) sends with each activity, per
/// docs-bot-framework-rest-connector-authentication.md: issuer, audience = app id, signing keys from the OpenID metadata,
/// lifetime with 5 minutes of skew, then the <c>serviceurl</c> claim against the activity and the key's endorsements.
/// As the Bot Framework SDK (JwtTokenExtractor, EmulatorValidation): a channel token must be signed by a key that lists
/// endorsements, and an Entra-issued (Emulator) token must name this bot in <c>appid</c> (v1.0) or <c>azp</c> (v2.0).
/// </summary>
public sealed class ChannelAuthenticator
{
    private readonly BotFrameworkOptions _options;
    private readonly List<ConfigurationManager<OpenIdConnectConfiguration>> _metadata = [];
    private readonly JsonWebTokenHandler _handler = new();

    public ChannelAuthenticator(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClientFactory)
    {
        _options = options.Value;
        foreach (var url in new[] { _options.OpenIdMetadataUrl, _options.EmulatorOpenIdMetadataUrl })
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                continue;
            }

            var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(nameof(ChannelAuthenticator)))
            {
                // Plain http is only ever configured for a loopback issuer in tests.
                RequireHttps = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase),
            };
            _metadata.Add(new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever)
            {
                AutomaticRefreshInterval = TimeSpan.FromHours(24),
            });
        }
    }

    /// <summary>Checks the Authorization header before the body is looked at.</summary>
    public async Task<AuthResult> AuthenticateAsync(string? authorizationHeader, CancellationToken cancellationToken = default)
    {
        if (!_options.AuthenticationEnabled)
        {
            return AuthResult.Anonymous;
        }

        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthResult.Fail("Missing bearer token.");
        }

        var token = authorizationHeader["Bearer ".Length..].Trim();
        var keys = new List<SecurityKey>();
        var endorsements = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var manager in _metadata)
        {
            OpenIdConnectConfiguration config;
            try
            {
                config = await manager.GetConfigurationAsync(cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // One unreachable metadata source must not lock out the other.
                continue;
            }

            keys.AddRange(config.SigningKeys);
            foreach (var key in config.JsonWebKeySet?.Keys ?? [])
            {
                if (key.Kid is not null && key.AdditionalData.TryGetValue("endorsements", out var value) && ChannelIds(value) is { } channels)
                {
                    endorsements[key.Kid] = channels;
                }
            }
        }

        var parameters = new TokenValidationParameters
        {
            ValidIssuers = _options.EffectiveIssuers,
            ValidAudience = _options.MicrosoftAppId,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(_options.ClockSkewSeconds),
        };
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (!result.IsValid)
        {
            return AuthResult.Fail(result.Exception?.GetType().Name ?? "Invalid token.");
        }

        var jwt = result.SecurityToken as JsonWebToken;
        var kid = jwt?.Kid;
        var allowedChannels = kid is not null && endorsements.TryGetValue(kid, out var set) ? set : null;
        var fromChannelService = IsChannelServiceIssuer(jwt?.Issuer);
        if (allowedChannels is null && fromChannelService)
        {
            // As the SDK does: a key that lists no endorsements may only sign Emulator tokens (issued by Entra ID), never
            // a channel's; the channel of such a token could not be checked.
            return AuthResult.Fail("The signing key lists no endorsements for a channel token.");
        }

        if (!fromChannelService && AppIdOf(result.ClaimsIdentity) is { } failure)
        {
            return AuthResult.Fail(failure);
        }

        return AuthResult.Ok(result.ClaimsIdentity, allowedChannels);
    }

    /// <summary>A token of the Bot Connector service (public or government cloud) rather than one Entra ID issued.</summary>
    internal static bool IsChannelServiceIssuer(string? issuer) =>
        issuer is not null && issuer.StartsWith("https://api.botframework.", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// An Entra-issued (Emulator) token names the app that asked for it, as the SDK requires: <c>appid</c> in a version
    /// 1.0 token (or one without <c>ver</c>), <c>azp</c> in a version 2.0 token; it must be this bot's app id. Null when
    /// it does; otherwise why not.
    /// </summary>
    private string? AppIdOf(ClaimsIdentity identity)
    {
        var version = identity.FindFirst("ver")?.Value;
        var claim = string.IsNullOrWhiteSpace(version) || version == "1.0" ? "appid"
            : version == "2.0" ? "azp"
            : null;
        if (claim is null)
        {
            return "Unknown Entra token version.";
        }

        var appId = identity.FindFirst(claim)?.Value;
        if (string.IsNullOrEmpty(appId))
        {
            return $"The Entra token has no {claim} claim.";
        }

        return string.Equals(appId, _options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase) ? null : $"The {claim} claim is not this bot's app id.";
    }

    /// <summary>The <c>endorsements</c> array of a key, however the JSON reader surfaced it.</summary>
    private static HashSet<string>? ChannelIds(object? value) => value switch
    {
        System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array =>
            array.EnumerateArray().Select(e => e.ToString()).ToHashSet(StringComparer.OrdinalIgnoreCase),
        string single => [single],
        System.Collections.IEnumerable list => list.Cast<object?>().Select(o => o?.ToString() ?? "").ToHashSet(StringComparer.OrdinalIgnoreCase),
        _ => null,
    };
}

/// <summary>The outcome of <see cref="ChannelAuthenticator.AuthenticateAsync"/>.</summary>
public sealed class AuthResult
{
    private AuthResult(bool succeeded, ClaimsIdentity? identity, IReadOnlySet<string>? endorsements, string? failure)
    {
        Succeeded = succeeded;
        Identity = identity;
        Endorsements = endorsements;
        Failure = failure;
    }

    public static AuthResult Anonymous { get; } = new(true, null, null, null);

    public bool Succeeded { get; }

    /// <summary>Null in anonymous mode.</summary>
    public ClaimsIdentity? Identity { get; }

    /// <summary>The channels the signing key may sign for; null when the key lists none.</summary>
    public IReadOnlySet<string>? Endorsements { get; }

    public string? Failure { get; }

    public static AuthResult Ok(ClaimsIdentity identity, IReadOnlySet<string>? endorsements) => new(true, identity, endorsements, null);

    public static AuthResult Fail(string reason) => new(false, null, null, reason);

    /// <summary>
    /// The checks that need the activity: a channel token's <c>serviceurl</c> claim must equal the activity's serviceUrl,
    /// and the signing key must be endorsed for the activity's channel.
    /// </summary>
    public string? CheckActivity(Activity activity)
    {
        if (Identity is null)
        {
            return null;
        }

        var serviceUrlClaim = Identity.FindFirst("serviceurl")?.Value;
        var issuer = Identity.FindFirst("iss")?.Value;
        if (serviceUrlClaim is null && ChannelAuthenticator.IsChannelServiceIssuer(issuer))
        {
            return "The channel token has no serviceurl claim.";
        }

        if (serviceUrlClaim is not null && !string.Equals(serviceUrlClaim.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return "The serviceurl claim does not match the activity.";
        }

        if (Endorsements is not null && !Endorsements.Contains(activity.ChannelId ?? ""))
        {
            return "The signing key is not endorsed for this channel.";
        }

        return null;
    }
}
