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
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(_extractor));
    }

    /// <summary>The labels, feature settings and training record of the model.</summary>
    public LangIdModelInfo Info { get; }

    /// <summary>The probability of each label (in <see cref="LangIdModelInfo.Labels"/> order); all zero for a message without words.</summary>
    public float[] Classify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = _scratch.Value!;
        _extractor.Extract(text, s.Buffer);
        var labels = Info.Labels.Count;
        if (s.Buffer.Count == 0)
        {
            return new float[labels];
        }

        var width = s.Buffer.Count;
        var ids = new long[width];
        var weights = new float[width];
        s.Buffer.Ids.AsSpan(0, width).CopyTo(ids);
        LangIdFeatureExtractor.MessageWeights(s.Buffer, weights);
        var probabilities = new float[labels];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, [1, width]);
        using var weightsValue = OrtValue.CreateTensorValueFromMemory(weights, [1, 1, width]);
        using var probsValue = OrtValue.CreateTensorValueFromMemory(probabilities, [1, 1, labels]);
        _session.Run(_inputNames, [idsValue, weightsValue], _outputNames, [probsValue]);
        return probabilities;
    }

    public void Dispose()
    {
        _scratch.Dispose();
        _session.Dispose();
    }

    private sealed class Scratch(LangIdFeatureExtractor extractor)
    {
        public LangIdFeatureBuffer Buffer { get; } = new(extractor);
    }
}
