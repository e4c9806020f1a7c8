using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Classification;

/// <summary>
/// A message classifier of the same kind as the language identifier (hashed character n-grams and words → embedding
/// bag → softmax, written by our trainer, run by ONNX Runtime), for any label set: the model's JSON metadata names the
/// labels. Scores the whole message only. Thread-safe: each thread keeps its own buffers.
/// </summary>
public sealed class OnnxTextClassifier : IDisposable
{
    private readonly OrtSession _session;
    private readonly LangIdFeatureExtractor _extractor;
    private readonly ThreadLocal<Scratch> _scratch;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    /// <param name="modelPath">The <c>.onnx</c> file; its <c>.json</c> metadata sits beside it.</param>
    public OnnxTextClassifier(string modelPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var metadataPath = Path.ChangeExtension(modelPath, ".json");
        Info = LangIdModelInfo.FromJson(File.ReadAllText(metadataPath));
        _session = OrtSession.FromFile(modelPath, new OrtSessionOptions { MemoryPattern = false });
        var inside = _session.GetMetadata(LangIdModelInfo.MetadataKey) is { } json ? LangIdModelInfo.FromJson(json) : null;
        if (inside is null || !inside.Labels.SequenceEqual(Info.Labels) || inside.Features != Info.Features || inside.Dim != Info.Dim)
        {
            _session.Dispose();
            throw new InvalidDataException($"{metadataPath} does not describe the model {modelPath} (labels or feature settings differ).");
        }

        _extractor = new LangIdFeatureExtractor(Info.Features);
        _inputNames = [Info.InputIds, Info.InputWeights];
        _outputNames = [Info.OutputProbabilities];
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(_extractor, Info.Labels.Count));
    }

    /// <summary>The labels, feature settings and training record of the model.</summary>
    public LangIdModelInfo Info { get; }

    /// <summary>The probability of each label (in <see cref="LangIdModelInfo.Labels"/> order); all zero for a message without words.</summary>
    public float[] Classify(string text)
    {
        var probabilities = new float[Info.Labels.Count];
        Classify(text, probabilities);
        return probabilities;
    }

    /// <summary>Writes the probability of each label into <paramref name="probabilities"/>; reuses this thread's buffers (a call per turn).</summary>
    public void Classify(string text, Span<float> probabilities)
    {
        ArgumentNullException.ThrowIfNull(text);
        var labels = Info.Labels.Count;
        if (probabilities.Length < labels)
        {
            throw new ArgumentException("One slot per label is needed.", nameof(probabilities));
        }

        var s = _scratch.Value!;
        _extractor.Extract(text, s.Buffer);
        probabilities.Clear();
        if (s.Buffer.Count == 0)
        {
            return;
        }

        var width = s.Buffer.Count;
        s.Buffer.Ids.AsSpan(0, width).CopyTo(s.Ids);
        LangIdFeatureExtractor.MessageWeights(s.Buffer, s.Weights);
        using (var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, s.Ids.AsMemory(0, width), [1, width]))
        using (var weightsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, s.Weights.AsMemory(0, width), [1, 1, width]))
        using (var probsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, s.Probabilities.AsMemory(), [1, 1, labels]))
        {
            _session.Run(_inputNames, [idsValue, weightsValue], _outputNames, [probsValue]);
        }

        s.Probabilities.AsSpan().CopyTo(probabilities);
    }

    public void Dispose()
    {
        _scratch.Dispose();
        _session.Dispose();
    }

    /// <summary>Per-thread buffers, sized once for the longest message the extractor reads.</summary>
    private sealed class Scratch(LangIdFeatureExtractor extractor, int labels)
    {
        public LangIdFeatureBuffer Buffer { get; } = new(extractor);

        public long[] Ids { get; } = new long[extractor.MaxFeatures];

        public float[] Weights { get; } = new float[extractor.MaxFeatures];

        public float[] Probabilities { get; } = new float[labels];
    }
}
