using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Host.Tests;

/// <summary>The Qdrant wiring: the gRPC endpoint comes from configuration and is validated when the host starts.</summary>
public sealed class HostingExtensionsTests
{
    [Fact]
    public void AddQdrantBackend_GrpcEndpoint_RegistersTheQdrantIndex()
    {
        var services = Services(("Retrieval:Backend", "Qdrant"), ("Qdrant:Endpoint", "http://127.0.0.1:6334"), ("Qdrant:Collection", "procedures"));

        using var provider = services.BuildServiceProvider();

        Assert.IsType<QdrantProcedureIndex>(provider.GetRequiredService<IProcedureIndex>());
    }

    [Theory]
    [InlineData("http://qdrant:6333", "6334")]
    [InlineData("", "Qdrant:Endpoint")]
    public void AddQdrantBackend_BadEndpoint_FailsAtStart(string endpoint, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Services(("Retrieval:Backend", "Qdrant"), ("Qdrant:Endpoint", endpoint)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddQdrantBackend_EmbeddedBackend_RegistersNothing()
    {
        var services = Services(("Retrieval:Backend", "Embedded"), ("Qdrant:Endpoint", "http://qdrant:6333"));

        Assert.DoesNotContain(services, d => d.ServiceType == typeof(IProcedureIndex));
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddQdrantBackend(configuration);
        return services;
    }
}
