using MarocAssistant.Retrieval.Index;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

/// <summary>The Qdrant wiring: the gRPC endpoint comes from configuration and is validated when the host starts.</summary>
public sealed class QdrantServiceCollectionExtensionsTests
{
    [Fact]
    public void AddQdrantProcedureIndex_GrpcEndpoint_RegistersTheQdrantIndex()
    {
        var services = Services(("Retrieval:Backend", "Qdrant"), ("Qdrant:Endpoint", "http://127.0.0.1:6334"), ("Qdrant:Collection", "procedures"));

        using var provider = services.BuildServiceProvider();

        Assert.IsType<QdrantProcedureIndex>(provider.GetRequiredService<IProcedureIndex>());
    }

    [Theory]
    [InlineData("http://qdrant:6333", "6334")]
    [InlineData("", "Qdrant:Endpoint")]
    public void AddQdrantProcedureIndex_BadEndpoint_FailsAtStart(string endpoint, string expected)
    {
        using var provider = Services(("Retrieval:Backend", "Qdrant"), ("Qdrant:Endpoint", endpoint)).BuildServiceProvider();

        // What the host runs when it starts (ValidateOnStart), and what the index would meet if asked for first.
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var resolving = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IProcedureIndex>());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, resolving.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantProcedureIndex_EmbeddedBackend_RegistersNothing()
    {
        var services = Services(("Retrieval:Backend", "Embedded"), ("Qdrant:Endpoint", "http://qdrant:6333"));

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IProcedureIndex));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IConfigureOptions<QdrantOptions>));
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddQdrantProcedureIndex(configuration);
        return services;
    }
}
