using BenchmarkDotNet.Attributes;
using MarocAssistant.Language.Detection;
using MarocAssistant.Training.LangId;

namespace MarocAssistant.Benchmarks.Language;

/// <summary>
/// 1,024 different messages of corpus/langid/chat.tsv per invocation, reported per message: one call per message
/// (latency with real, varying lengths), and the batch API (64 messages per ORT run; messages/s on one thread =
/// 1 / the mean).
/// </summary>
[MemoryDiagnoser]
public class LangIdBatchBenchmarks : IDisposable
{
    private const int Messages = 1024;

    private OnnxLanguageDetector _detector = null!;
    private OnnxLanguageDetector _detectorNoMixed = null!;
    private string[] _chat = null!;
    private LanguageResult[] _results = null!;

    [GlobalSetup]
    public void Setup()
    {
        _detector = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = LangIdBenchmarkPaths.Model });
        _detectorNoMixed = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = LangIdBenchmarkPaths.Model, DetectMixed = false });
        _chat = LangIdDataset.ReadTsv(LangIdBenchmarkPaths.Chat, LanguageLabels.All.ToHashSet(StringComparer.Ordinal))
            .Select(e => e.Text).Take(Messages).ToArray();
        _results = new LanguageResult[_chat.Length];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _detector.Dispose();
        _detectorNoMixed.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "one call per message, mixed flag", OperationsPerInvoke = Messages)]
    public void DetectOneByOne()
    {
        for (var i = 0; i < _chat.Length; i++)
        {
            _results[i] = _detector.Detect(_chat[i]);
        }
    }

    [Benchmark(Description = "batch, mixed flag (per message)", OperationsPerInvoke = Messages)]
    public void DetectBatch() => _detector.Detect(_chat, _results);

    [Benchmark(Description = "batch, no mixed flag (per message)", OperationsPerInvoke = Messages)]
    public void DetectBatchNoMixed() => _detectorNoMixed.Detect(_chat, _results);
}

/// <summary>The repository's model and chat corpus, found from the benchmark binary.</summary>
internal static class LangIdBenchmarkPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MarocAssistant.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MarocAssistant.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Model => Path.Combine(Root.Value, "models", "langid.onnx");

    public static string Chat => Path.Combine(Root.Value, "corpus", "langid", "chat.tsv");
}
