using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant;

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

    /// <summary>With <c>Retrieval:Backend=Qdrant</c>, the Qdrant index that the hybrid search writes to and queries.</summary>
    public static IServiceCollection AddQdrantBackend(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.Equals(configuration["Retrieval:Backend"], nameof(RetrievalBackend.Qdrant), StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        var options = configuration.GetSection(QdrantOptions.SectionName).Get<QdrantOptions>() ?? new QdrantOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid Qdrant settings: " + string.Join("; ", errors));
        }

        services.AddSingleton<IProcedureIndex>(sp => new QdrantProcedureIndex(options, logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<QdrantProcedureIndex>()));
        return services;
    }
}
