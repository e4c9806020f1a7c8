using MarocAssistant.Retrieval.Index;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Retrieval.Qdrant;

/// <summary>Registers the Qdrant index when retrieval is configured for it.</summary>
public static class QdrantServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Retrieval:Backend=Qdrant</c>, the Qdrant index (section <c>Qdrant</c>, validated on start) that the
    /// hybrid search writes to and queries, the embedded index staying as its fallback. Otherwise nothing: Qdrant's
    /// settings are not read.
    /// </summary>
    public static IServiceCollection AddQdrantProcedureIndex(this IServiceCollection services, IConfiguration configuration)
    {
        var backend = configuration.GetSection(RetrievalOptions.SectionName)[nameof(RetrievalOptions.Backend)];
        if (!string.Equals(backend, nameof(RetrievalBackend.Qdrant), StringComparison.OrdinalIgnoreCase))
        {
            return services;
        }

        services.AddOptions<QdrantOptions>()
            .Bind(configuration.GetSection(QdrantOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<QdrantOptions>, QdrantOptionsValidator>());
        services.AddSingleton<IProcedureIndex>(sp => new QdrantProcedureIndex(
            sp.GetRequiredService<IOptions<QdrantOptions>>().Value,
            logger: sp.GetRequiredService<ILoggerFactory>().CreateLogger<QdrantProcedureIndex>()));
        return services;
    }

    private sealed class QdrantOptionsValidator : IValidateOptions<QdrantOptions>
    {
        public ValidateOptionsResult Validate(string? name, QdrantOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
