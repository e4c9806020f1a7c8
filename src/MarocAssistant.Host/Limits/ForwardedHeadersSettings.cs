using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace MarocAssistant.Host.Limits;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> headers are believed (section
/// <c>ForwardedHeaders</c>). Empty: forwarded headers are ignored and the connection's address is the client's, so a
/// caller cannot pick the address it is counted under. Set: requests from these proxies are counted under the address
/// the proxy forwards; requests from anywhere else under their own.
/// </summary>
public sealed class ForwardedHeadersSettings : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the proxies in front of the host (e.g. <c>127.0.0.1</c> for nginx on the same machine).</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form (e.g. <c>10.0.0.0/8</c> for a load balancer pool).</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies are chained in front of the host (entries of <c>X-Forwarded-For</c> read from the right).</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR form (10.0.0.0/8).");
            }
        }
    }

    /// <summary>Sets the middleware's options to these proxies only (its defaults would trust loopback).</summary>
    public void Apply(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = ForwardLimit;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
