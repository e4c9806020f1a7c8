using BenchmarkDotNet.Attributes;
using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;

namespace MarocAssistant.Benchmarks.Language;

/// <summary>
/// Language identification of one short message with the shipped models/langid.onnx through ONNX Runtime:
/// features alone, and the full call (features + one ORT run + decision). "mixed" also scores each word for the
/// code-switching flag, as the turn pipeline does.
/// </summary>
[MemoryDiagnoser]
public class LangIdBenchmarks : IDisposable
{
    private OnnxLanguageDetector _detector = null!;
    private OnnxLanguageDetector _detectorNoMixed = null!;
    private LangIdFeatureExtractor _extractor = null!;
    private LangIdFeatureBuffer _buffer = null!;

    [Params("salam bghit njded lpasspor dyali", "السلام عليكم بغيت نجدد لاكارط", "bonjour je voudrais renouveler ma carte")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var model = LangIdBenchmarkPaths.Model;
        _detector = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = model });
        _detectorNoMixed = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = model, DetectMixed = false });
        _extractor = new LangIdFeatureExtractor(_detector.Info.Features);
        _buffer = new LangIdFeatureBuffer(_extractor);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _detector.Dispose();
        _detectorNoMixed.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "features only")]
    public int Features()
    {
        _extractor.Extract(Message, _buffer);
        return _buffer.Count;
    }

    [Benchmark(Description = "one message, mixed flag")]
    public LanguageResult Detect() => _detector.Detect(Message);

    [Benchmark(Description = "one message, no mixed flag")]
    public LanguageResult DetectNoMixed() => _detectorNoMixed.Detect(Message);
}
