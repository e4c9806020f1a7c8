using System.Net;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.BotFramework;

/// <summary>Decides whether a reply may be POSTed to an activity's serviceUrl (no open relay to arbitrary hosts).</summary>
public sealed class ServiceUrlPolicy
{
    private readonly BotFrameworkOptions _options;

    public ServiceUrlPolicy(IOptions<BotFrameworkOptions> options)
    {
        _options = options.Value;
    }

    public bool IsAllowed(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        foreach (var allowed in _options.AllowedServiceUrlHosts)
        {
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? uri.Host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(uri.Host, allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        // Without an app id (Emulator, tests) only this machine may be called back.
        return !_options.AuthenticationEnabled && IsLoopback(uri);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
