using BenchmarkDotNet.Attributes;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Sparse;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Benchmarks.Retrieval;

/// <summary>
/// The dense encoder alone (models/encoder.onnx through ONNX Runtime) on an already sparse-encoded question:
/// featurise, one ORT run, copy out the embedding. The hybrid query benchmark includes this plus the search.
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks : IDisposable
{
    private EncoderEmbedder _embedder = null!;
    private SparseVector _query = null!;

    [Params("bghit njded lbasbor dyali", "Comment obtenir un extrait de casier judiciaire ?")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = RetrievalBenchmarks.FindRoot();
        var resources = RetrievalResources.Load(Path.Combine(root, "corpus"));
        _embedder = EncoderEmbedder.TryLoad(Path.Combine(root, "models"), resources.Sparse, NullLogger.Instance)
            ?? throw new InvalidOperationException("models/encoder.onnx could not be loaded.");
        _query = resources.Sparse.EncodeQuery(Question);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _embedder.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "encoder: embed a sparse-encoded question")]
    public float[] EmbedSparse() => _embedder.EmbedSparse(_query);
}
