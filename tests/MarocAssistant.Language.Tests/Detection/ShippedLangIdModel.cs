using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Testing;
using MarocAssistant.Training.LangId;

namespace MarocAssistant.Language.Tests.Detection;

/// <summary>The detector over the shipped models/langid.onnx, created once for the test class.</summary>
public sealed class ShippedLangIdModel : IDisposable
{
    private readonly Lazy<OnnxLanguageDetector> _detector = new(() => new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = ModelPath }));

    public static string ModelPath => Path.Combine(RepoPaths.Models, "langid.onnx");

    public static IReadOnlySet<string> Labels { get; } = LanguageLabels.All.ToHashSet(StringComparer.Ordinal);

    /// <summary>The detector; skips the calling test when the runtime or the model is missing.</summary>
    public OnnxLanguageDetector Detector
    {
        get
        {
            Requirements.SkipUnless(OrtRuntime.TryLoad(out var error), "ONNX Runtime library: " + error);
            Requirements.SkipUnless(File.Exists(ModelPath), "models/langid.onnx (maroc train langid)");
            return _detector.Value;
        }
    }

    public static IReadOnlyList<LangIdExample> Corpus(string file)
    {
        var path = Path.Combine(RepoPaths.Corpus, "langid", file);
        Requirements.SkipUnless(File.Exists(path), "corpus/langid/" + file);
        return LangIdDataset.ReadTsv(path, LanguageLabels.All.ToHashSet(StringComparer.Ordinal));
    }

    public void Dispose()
    {
        if (_detector.IsValueCreated)
        {
            _detector.Value.Dispose();
        }
    }
}
