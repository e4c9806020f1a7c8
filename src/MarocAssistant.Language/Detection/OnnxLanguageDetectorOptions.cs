using MarocAssistant.Language.Onnx;

namespace MarocAssistant.Language.Detection;

/// <summary>Where the language-identification model lives and how the detector uses it.</summary>
public sealed record OnnxLanguageDetectorOptions
{
    public string ModelPath { get; init; } = Path.Combine("models", "langid.onnx");

    /// <summary>The model's JSON metadata; by default the model path with <c>.json</c>.</summary>
    public string? MetadataPath { get; init; }

    /// <summary>Score single words too, to set <see cref="LanguageResult.Secondary"/> on code-switched messages.</summary>
    public bool DetectMixed { get; init; } = true;

    /// <summary>At most this many word rows per message; longer messages are scored in runs of consecutive words.</summary>
    public int MaxWordRows { get; init; } = 12;

    public MixedLanguagePolicy Mixed { get; init; } = new();

    /// <summary>Messages per ONNX Runtime call in the batch API.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>One thread per call (the host runs many calls at once), and no memory-pattern planning: every message has its own shapes.</summary>
    public OrtSessionOptions Session { get; init; } = new() { MemoryPattern = false };
}
