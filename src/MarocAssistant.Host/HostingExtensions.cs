namespace MarocAssistant.Host;

/// <summary>Small start-up helpers that keep Program.cs a table of contents.</summary>
internal static class HostingExtensions
{
    /// <summary>Listens on <paramref name="defaultUrl"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>urls</c> say otherwise.</summary>
    public static IWebHostBuilder UseUrlsIfUnset(this IWebHostBuilder builder, IConfiguration configuration, string defaultUrl)
    {
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.UseUrls(defaultUrl);
        }

        return builder;
    }
}
