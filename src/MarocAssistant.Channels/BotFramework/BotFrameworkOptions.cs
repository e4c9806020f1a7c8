using System.ComponentModel.DataAnnotations;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>Settings of the Bot Framework endpoint (section <c>BotFramework</c>).</summary>
public sealed class BotFrameworkOptions : IValidatableObject
{
    public const string SectionName = "BotFramework";

    /// <summary>The bot's Microsoft App ID. Empty: requests are accepted without authentication (local Emulator mode).</summary>
    public string MicrosoftAppId { get; set; } = "";

    /// <summary>The bot's app password, used to get tokens for replies (client credentials).</summary>
    public string MicrosoftAppPassword { get; set; } = "";

    /// <summary>OpenID metadata of the Bot Connector service, where the channel's signing keys are listed.</summary>
    [Required]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata for tokens the Emulator gets from Entra ID; empty to refuse Emulator tokens.</summary>
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";

    /// <summary>Issuers accepted in incoming tokens (channel service and the Emulator's Entra issuers).</summary>
    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>The token endpoint used to authenticate replies (client credentials grant).</summary>
    [Required]
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    /// <summary>The scope asked for with the client credentials grant.</summary>
    [Required]
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Clock skew tolerated on token lifetimes.</summary>
    /// <value>Default 300 seconds (bf-auth-facts.json).</value>
    [Range(0, 3600)]
    public int ClockSkewSeconds { get; set; } = 300;

    /// <summary>
    /// Hosts replies may be POSTed to (exact host, or <c>*.suffix</c>). With no app id, only loopback hosts are allowed,
    /// so that no caller can make the bot call an address of its choosing.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } = [];

    /// <summary>Largest request body accepted on <c>/api/messages</c>.</summary>
    /// <value>Default 256 KiB.</value>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>Timeout of each call to the connector or the token endpoint.</summary>
    [Range(1, 120)]
    public int OutgoingTimeoutSeconds { get; set; } = 10;

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AuthenticationEnabled && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult("BotFramework:MicrosoftAppPassword is required when MicrosoftAppId is set.");
        }

        foreach (var url in new[] { OpenIdMetadataUrl, TokenEndpoint })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                yield return new ValidationResult($"Not an absolute URL: {url}");
            }
        }
    }

    /// <summary>The issuers to accept: the configured list, or the Bot Framework defaults (bf-auth-facts.json).</summary>
    public IReadOnlyList<string> EffectiveIssuers => ValidIssuers.Count > 0
        ? ValidIssuers
        :
        [
            "https://api.botframework.com",
            "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
            "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
            "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
            "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
        ];
}
