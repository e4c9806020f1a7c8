using BenchmarkDotNet.Attributes;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Benchmarks.Retrieval;

/// <summary>
/// Embedded retrieval on the repository corpus: one query end to end (normalise, sparse + dense encode, search,
/// fuse, calibrate), per language and script; the sparse encoding alone; and building the index from the corpus.
/// </summary>
[MemoryDiagnoser]
public class RetrievalBenchmarks
{
    private HybridProcedureSearch _hybrid = null!;
    private HybridProcedureSearch _sparseOnly = null!;
    private RetrievalResources _resources = null!;
    private RetrievalOptions _options = null!;
    private string _indexPath = null!;

    [Params("bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "How do I register a car I bought?")]
    public string Question { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        _indexPath = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.index");
        _options = new RetrievalOptions { CorpusPath = Path.Combine(root, "corpus"), ModelsPath = Path.Combine(root, "models"), IndexPath = _indexPath };
        _resources = RetrievalResources.Load(_options.CorpusPath);
        _hybrid = ProcedureSearchFactory.CreateAsync(_options, logger: NullLogger.Instance).GetAwaiter().GetResult();
        _sparseOnly = ProcedureSearchFactory.CreateAsync(new RetrievalOptions { CorpusPath = _options.CorpusPath, ModelsPath = _options.ModelsPath, IndexPath = _indexPath, UseDense = false }).GetAwaiter().GetResult();
        if (_hybrid.Embedder is null)
        {
            Console.WriteLine("// No encoder (models/encoder.onnx or ONNX Runtime missing): the hybrid numbers are sparse-only.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_indexPath);

    [Benchmark(Description = "query, hybrid (sparse + ONNX dense)")]
    public ValueTask<SearchResult> QueryHybrid() => _hybrid.SearchAsync(new SearchQuery(Question));

    [Benchmark(Description = "query, sparse only")]
    public ValueTask<SearchResult> QuerySparse() => _sparseOnly.SearchAsync(new SearchQuery(Question));

    [Benchmark(Description = "sparse query encoding")]
    public int EncodeSparse() => _resources.Sparse.EncodeQuery(Question).Count;

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MarocAssistant.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }
}

/// <summary>Building the index from the corpus, and loading the persisted index file at start-up.</summary>
[MemoryDiagnoser]
public class RetrievalIndexBenchmarks
{
    private RetrievalOptions _options = null!;
    private IEmbedder? _embedder;
    private string _indexPath = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = RetrievalBenchmarks.FindRoot();
        _indexPath = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.index");
        _options = new RetrievalOptions { CorpusPath = Path.Combine(root, "corpus"), ModelsPath = Path.Combine(root, "models"), IndexPath = _indexPath };
        var resources = RetrievalResources.Load(_options.CorpusPath);
        _embedder = EmbedderLoader.LoadAsync(_options, resources.Sparse, NullLogger.Instance).GetAwaiter().GetResult();
        ProcedureSearchFactory.BuildIndexFileAsync(_options, _embedder).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_indexPath);

    [Benchmark(Description = "build index documents (load corpus, sparse + dense)")]
    public async Task<int> BuildDocuments()
    {
        var resources = RetrievalResources.Load(_options.CorpusPath);
        return (await ProcedureIndexBuilder.DocumentsAsync(resources, _embedder)).Count;
    }

    [Benchmark(Description = "load index file")]
    public int LoadIndexFile()
    {
        var (documents, metadata, _) = EmbeddedIndexFile.TryLoad(_indexPath)!.Value;
        var index = new EmbeddedProcedureIndex();
        index.Load(documents, metadata.DenseDimensions);
        return index.Documents.Count;
    }

    [Benchmark(Description = "start-up: CreateAsync with a fresh index file")]
    public async Task<HybridProcedureSearch> StartUp() => await ProcedureSearchFactory.CreateAsync(_options, embedder: _embedder, logger: NullLogger.Instance);
}
