using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant.Tests.Fake;
using MarocAssistant.Retrieval.Tests.Index;

namespace MarocAssistant.Retrieval.Qdrant.Tests;

/// <summary>The conformance suite on the Qdrant backend (Qdrant.Client over gRPC) against the fake Qdrant gRPC server.</summary>
public sealed class QdrantFakeConformanceTests : ProcedureIndexConformanceTests, IAsyncDisposable
{
    private readonly List<(FakeQdrantServer Server, QdrantProcedureIndex Index)> _started = [];

    protected override async Task<IProcedureIndex> CreateIndexAsync()
    {
        var server = await FakeQdrantServer.StartAsync(apiKey: "test-key");
        var index = new QdrantProcedureIndex(new QdrantOptions { Endpoint = server.Endpoint, ApiKey = "test-key", Collection = "conformance" });
        _started.Add((server, index));
        return index;
    }

    public async ValueTask DisposeAsync()
    {
        var failures = new List<string>();
        foreach (var (server, index) in _started)
        {
            index.Dispose();
            failures.AddRange(server.Failures);
            await server.DisposeAsync();
        }

        // The backend never sent a call the fake (like Qdrant) refused.
        Assert.Empty(failures);
    }
}

/// <summary>The conformance suite against a real Qdrant, when <c>QDRANT_URL</c> names its gRPC endpoint (e.g. http://127.0.0.1:6334).</summary>
public sealed class QdrantRealConformanceTests : ProcedureIndexConformanceTests, IAsyncDisposable
{
    private readonly List<QdrantProcedureIndex> _indexes = [];

    protected override async Task<IProcedureIndex> CreateIndexAsync()
    {
        var url = Environment.GetEnvironmentVariable("QDRANT_URL");
        if (string.IsNullOrWhiteSpace(url))
        {
            // The one skip CI allows: no Qdrant server can be installed on this workplace's machines.
            Assert.Skip("QDRANT_URL is not set: no Qdrant server to run the conformance suite against (the fake gRPC server runs it instead).");
        }

        var index = new QdrantProcedureIndex(new QdrantOptions
        {
            Endpoint = new Uri(url),
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
