using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake;
using MarocAssistant.Retrieval.Tests.Index;
using Xunit;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

/// <summary>The conformance suite on the Qdrant backend against the strict, spec-validating loopback fake.</summary>
public sealed class QdrantFakeConformanceTests : ProcedureIndexConformanceTests, IAsyncDisposable
{
    private readonly List<(FakeQdrantServer Server, QdrantProcedureIndex Index)> _started = [];

    protected override async Task<IProcedureIndex> CreateIndexAsync()
    {
        var server = await FakeQdrantServer.StartAsync(apiKey: "test-key");
        var index = new QdrantProcedureIndex(new QdrantOptions { Url = server.Url, ApiKey = "test-key", Collection = "conformance" });
        _started.Add((server, index));
        return index;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (server, index) in _started)
        {
            index.Dispose();

            // Every body the backend sent must have passed the OpenAPI validation.
            Assert.Empty(server.ValidationErrors);
            await server.DisposeAsync();
        }
    }
}

/// <summary>The conformance suite against a real Qdrant, when <c>QDRANT_URL</c> names one.</summary>
public sealed class QdrantRealConformanceTests : ProcedureIndexConformanceTests, IAsyncDisposable
{
    private readonly List<QdrantProcedureIndex> _indexes = [];

    protected override async Task<IProcedureIndex> CreateIndexAsync()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            // The one skip CI allows: no Qdrant server can be installed on this workplace's machines.
            Assert.Skip("QDRANT_URL is not set: no Qdrant server to run the conformance suite against (the strict fake runs it instead).");
        }

        var index = new QdrantProcedureIndex(new QdrantOptions
        {
            Url = new Uri(url),
            ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"),
            Collection = "maroc_conformance_" + Guid.NewGuid().ToString("N")[..12],
        });
        _indexes.Add(index);
        await Task.CompletedTask;
        return index;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var index in _indexes)
        {
            try
            {
                await index.EnsureCreatedAsync(4, recreate: true);
            }
            finally
            {
                index.Dispose();
            }
        }
    }
}
