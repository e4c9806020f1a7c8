using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace MarocAssistant.Language.Detection;

/// <summary>
/// Language identification with the project's ONNX model (models/langid.onnx), run by ONNX Runtime. Thread-safe:
/// ORT sessions allow concurrent runs, and each thread keeps its own scratch buffers, so a call allocates little
/// beyond its result. One call scores the whole message and, for the mixed flag, each of its words.
/// </summary>
public sealed class OnnxLanguageDetector : ILanguageDetector, IDisposable
{
    private readonly OnnxLanguageDetectorOptions _options;
    private readonly OrtSession _session;
    private readonly LangIdFeatureExtractor _extractor;
    private readonly ThreadLocal<Scratch> _scratch;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _labelCount;
    private readonly int _tifinaghIndex;

    public OnnxLanguageDetector(OnnxLanguageDetectorOptions? options = null)
    {
        _options = options ?? new OnnxLanguageDetectorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1);
        var metadataPath = _options.MetadataPath ?? Path.ChangeExtension(_options.ModelPath, ".json");
        Info = LangIdModelInfo.FromJson(File.ReadAllText(metadataPath));
        _session = OrtSession.FromFile(_options.ModelPath, _options.Session);
        try
        {
            CheckModelMatchesMetadata(_session, Info, metadataPath);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        _extractor = new LangIdFeatureExtractor(Info.Features);
        _labelCount = Info.Labels.Count;
        _tifinaghIndex = Info.Labels.ToList().IndexOf(LanguageLabels.TamazightTifinagh);
        _inputNames = [Info.InputIds, Info.InputWeights];
        _outputNames = [Info.OutputProbabilities];
        _scratch = new ThreadLocal<Scratch>(() => new Scratch(_extractor, _options.BatchSize, _options.MaxWordRows));
    }

    /// <summary>The model's labels, feature settings, training record and dev metrics.</summary>
    public LangIdModelInfo Info { get; }

    /// <summary>Detects one message. A message without letters gets confidence 0 (keep the conversation's language).</summary>
    public LanguageResult Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        LanguageResult result = null!;
        Detect(new ReadOnlySpan<string>(in text), new Span<LanguageResult>(ref result));
        return result;
    }

    public LanguageResult[] DetectBatch(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var input = texts as string[] ?? texts.ToArray();
        var results = new LanguageResult[input.Length];
        Detect(input, results);
        return results;
    }

    /// <summary>Detects many messages, <see cref="OnnxLanguageDetectorOptions.BatchSize"/> per ONNX Runtime call.</summary>
    public void Detect(ReadOnlySpan<string> texts, Span<LanguageResult> results)
    {
        if (results.Length < texts.Length)
        {
            throw new ArgumentException("One result slot per text is needed.", nameof(results));
        }

        var scratch = _scratch.Value!;
        if (texts.Length <= _options.BatchSize)
        {
            RunChunk(texts, results, scratch);
            return;
        }

        // Messages of similar length go together: less padding in the [batch, rows, features] tensors.
        var order = new int[texts.Length];
        var lengths = new int[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            order[i] = i;
            lengths[i] = texts[i].Length;
        }

        Array.Sort(lengths, order);
        for (var start = 0; start < texts.Length; start += _options.BatchSize)
        {
            var n = Math.Min(_options.BatchSize, texts.Length - start);
            for (var j = 0; j < n; j++)
            {
                scratch.Texts[j] = texts[order[start + j]];
            }

            RunChunk(scratch.Texts.AsSpan(0, n), scratch.Results.AsSpan(0, n), scratch);
            for (var j = 0; j < n; j++)
            {
                results[order[start + j]] = scratch.Results[j];
            }
        }

        Array.Clear(scratch.Texts);
        Array.Clear(scratch.Results);
    }

    public void Dispose()
    {
        _scratch.Dispose();
        _session.Dispose();
    }

    private static void CheckModelMatchesMetadata(OrtSession session, LangIdModelInfo info, string metadataPath)
    {
        var embedded = session.GetMetadata(LangIdModelInfo.MetadataKey)
            ?? throw new InvalidDataException($"The model has no '{LangIdModelInfo.MetadataKey}' metadata.");
        var inside = LangIdModelInfo.FromJson(embedded);
        if (!inside.Labels.SequenceEqual(info.Labels) || inside.Features != info.Features || inside.Dim != info.Dim)
        {
            throw new InvalidDataException($"{metadataPath} does not describe this model (labels or feature settings differ).");
        }

        var inputs = session.Inputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        if (!inputs.SetEquals([info.InputIds, info.InputWeights]) || session.Outputs.All(o => o.Name != info.OutputProbabilities))
        {
            throw new InvalidDataException("The model's inputs and outputs are not those of a langid model.");
        }
    }

    private void RunChunk(ReadOnlySpan<string> texts, Span<LanguageResult> results, Scratch s)
    {
        var n = texts.Length;
        int width = 1, rows = 1;
        for (var i = 0; i < n; i++)
        {
            var buffer = s.Buffer(i);
            _extractor.Extract(texts[i], buffer);
            width = Math.Max(width, buffer.Count);
            s.WordRows[i] = _options.DetectMixed && buffer.WordCount > 1 ? Math.Min(buffer.WordCount, _options.MaxWordRows) : 0;
            rows = Math.Max(rows, 1 + s.WordRows[i]);
        }

        // ids [n, width] padded with id 0; weights [n, rows, width], zero wherever a row does not use a feature.
        var ids = s.Ids(n * width);
        var weights = s.Weights(n * rows * width);
        ids.Span.Clear();
        weights.Span.Clear();
        for (var i = 0; i < n; i++)
        {
            var buffer = s.Buffer(i);
            buffer.Ids.AsSpan(0, buffer.Count).CopyTo(ids.Span.Slice(i * width));
            var message = weights.Span.Slice(i * rows * width, rows * width);
            LangIdFeatureExtractor.MessageWeights(buffer, message);
            var words = buffer.WordCount;
            for (var r = 0; r < s.WordRows[i]; r++)
            {
                // Row r covers words [r*W/K, (r+1)*W/K): single words, or runs of words in a long message.
                var first = r * words / s.WordRows[i];
                var next = (r + 1) * words / s.WordRows[i];
                LangIdFeatureExtractor.WordRangeWeights(buffer, first, next - first, message.Slice((r + 1) * width));
            }
        }

        // ORT reads the inputs and writes the probabilities [n, rows, labels] in place, in this thread's buffers.
        var probs = s.Probabilities(n * rows * _labelCount);
        s.IdsShape[0] = s.WeightsShape[0] = s.ProbabilitiesShape[0] = n;
        s.WeightsShape[1] = s.ProbabilitiesShape[1] = rows;
        s.IdsShape[1] = s.WeightsShape[2] = width;
        s.ProbabilitiesShape[2] = _labelCount;
        using (var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids, s.IdsShape))
        using (var weightsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, weights, s.WeightsShape))
        using (var probsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, probs, s.ProbabilitiesShape))
        {
            s.Inputs[0] = idsValue;
            s.Inputs[1] = weightsValue;
            s.Outputs[0] = probsValue;
            try
            {
                _session.Run(_inputNames, s.Inputs, _outputNames, s.Outputs);
            }
            finally
            {
                Array.Clear(s.Inputs);
                Array.Clear(s.Outputs);
            }
        }

        for (var i = 0; i < n; i++)
        {
            var message = probs.Span.Slice(i * rows * _labelCount, rows * _labelCount);
            results[i] = Decide(texts[i], message, s.Buffer(i), s.WordRows[i], s.WordCounts);
        }
    }

    private LanguageResult Decide(string text, ReadOnlySpan<float> rows, LangIdFeatureBuffer buffer, int wordRows, int[] wordCounts)
    {
        var labels = Info.Labels;
        var primary = LangIdModel.ArgMax(rows[.._labelCount]);
        if (buffer.Count == 0)
        {
            return new LanguageResult(labels[primary], 0f);
        }

        // Tifinagh letters are decided by script, not by the model (see TifinaghScript).
        var confidence = rows[primary];
        var tifinagh = _tifinaghIndex >= 0 ? TifinaghScript.DominantShare(text) : 0f;
        if (tifinagh > 0f)
        {
            primary = _tifinaghIndex;
            confidence = tifinagh;
        }

        string? secondary = null;
        if (wordRows > 0)
        {
            for (var r = 0; r < wordRows; r++)
            {
                wordCounts[r] = ((r + 1) * buffer.WordCount / wordRows) - (r * buffer.WordCount / wordRows);
            }

            var s = _options.Mixed.Secondary(primary, rows.Slice(_labelCount, wordRows * _labelCount), wordCounts.AsSpan(0, wordRows), labels);
            secondary = s < 0 ? null : labels[s];
        }

        return new LanguageResult(labels[primary], confidence, secondary);
    }

    /// <summary>Per-thread buffers, grown on demand and reused.</summary>
    private sealed class Scratch(LangIdFeatureExtractor extractor, int batchSize, int maxWordRows)
    {
        private long[] _ids = [];
        private float[] _weights = [];
        private float[] _probabilities = [];

        // Created on first use: a thread that only ever detects single messages keeps one (about 28 KB).
        private readonly LangIdFeatureBuffer?[] _buffers = new LangIdFeatureBuffer?[batchSize];

        public int[] WordRows { get; } = new int[batchSize];

        public string[] Texts { get; } = new string[batchSize];

        public LanguageResult[] Results { get; } = new LanguageResult[batchSize];

        public int[] WordCounts { get; } = new int[Math.Max(1, maxWordRows)];

        // The arrays ORT's API takes for the current run, reused: ORT copies a shape when it creates the tensor.
        public OrtValue[] Inputs { get; } = new OrtValue[2];

        public OrtValue[] Outputs { get; } = new OrtValue[1];

        public long[] IdsShape { get; } = new long[2];

        public long[] WeightsShape { get; } = new long[3];

        public long[] ProbabilitiesShape { get; } = new long[3];

        public LangIdFeatureBuffer Buffer(int index) => _buffers[index] ??= new LangIdFeatureBuffer(extractor);

        public Memory<long> Ids(int length)
        {
            if (_ids.Length < length)
            {
                _ids = new long[Math.Max(length, _ids.Length * 2)];
            }

            return _ids.AsMemory(0, length);
        }

        public Memory<float> Weights(int length)
        {
            if (_weights.Length < length)
            {
                _weights = new float[Math.Max(length, _weights.Length * 2)];
            }

            return _weights.AsMemory(0, length);
        }

        public Memory<float> Probabilities(int length)
        {
            if (_probabilities.Length < length)
            {
                _probabilities = new float[Math.Max(length, _probabilities.Length * 2)];
            }

            return _probabilities.AsMemory(0, length);
        }
    }
}
