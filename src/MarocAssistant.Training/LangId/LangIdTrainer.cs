using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;

namespace MarocAssistant.Training.LangId;

/// <summary>Settings of a training run. Together with the data they fix the model's bytes.</summary>
public sealed record LangIdTrainingOptions
{
    public int Seed { get; init; } = 20240601;

    public int Epochs { get; init; } = 15;

    /// <summary>Start of the linearly decaying SGD step (fastText's schedule).</summary>
    public float LearningRate { get; init; } = 0.1f;

    public int Dim { get; init; } = 16;

    public LangIdFeatureSettings Features { get; init; } = new();

    /// <summary>
    /// Chance, per example and epoch, to train on a short run of its words instead: chat messages are short, and
    /// single words teach the word-level verdicts behind the mixed flag. Code-switched examples are always seen whole.
    /// </summary>
    public double WindowProbability { get; init; } = 0.6;

    public int MaxWindowWords { get; init; } = 6;

    /// <summary>Chance to strip Latin accents ("demande" for "demandé"), as people do when typing on a phone.</summary>
    public double StripAccentsProbability { get; init; } = 0.3;

    /// <summary>Administrative phrases to swap between Darija and Standard Arabic lines; null turns the swap off.</summary>
    public LangIdTopicSwap? Topics { get; init; }

    /// <summary>Chance, per Arabic-script example and epoch, to swap one of its topic phrases for another.</summary>
    public double TopicSwapProbability { get; init; } = 0.5;

    /// <summary>
    /// Times per epoch each topic phrase usable in both varieties is seen alone, once labelled Darija and once Standard
    /// Arabic: the best answer for a bare topic is then "either", so a topic word carries no weight between the two.
    /// </summary>
    public int TopicNeutralRepeats { get; init; } = 5;

    /// <summary>How many times per epoch an example from these sources is seen (hand-written chat data is scarce).</summary>
    public IReadOnlyDictionary<string, int> SourceRepeats { get; init; } = new Dictionary<string, int>();

    public IReadOnlyList<string> Labels { get; init; } = LanguageLabels.All;
}

/// <summary>
/// Trains the language identifier with plain SGD on softmax cross-entropy. Single-threaded, scalar arithmetic in a
/// fixed order and one seeded random generator: the same data and options give the same model bytes.
/// </summary>
public sealed class LangIdTrainer
{
    private readonly LangIdTrainingOptions _options;
    private readonly Action<string> _log;

    public LangIdTrainer(LangIdTrainingOptions options, Action<string>? log = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? (_ => { });
    }

    /// <summary>Splits the examples with <see cref="LangIdDataset.IsDev"/> and trains on the rest.</summary>
    public LangIdModel Train(IReadOnlyList<LangIdExample> examples, IReadOnlyList<LangIdDataFile> files)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var train = examples.Where(e => !LangIdDataset.IsDev(e.Text)).ToList();
        var dev = examples.Where(e => LangIdDataset.IsDev(e.Text)).ToList();
        return Train(train, dev, files);
    }

    public LangIdModel Train(IReadOnlyList<LangIdExample> train, IReadOnlyList<LangIdExample> dev, IReadOnlyList<LangIdDataFile> files)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        ArgumentNullException.ThrowIfNull(files);
        var o = _options;
        if (o.Topics is not null && o.TopicNeutralRepeats > 0)
        {
            train = [.. train, .. o.Topics.NeutralExamples()];
        }

        var labels = o.Labels;
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var extractor = new LangIdFeatureExtractor(o.Features);
        var random = new Random(o.Seed);

        var info = new LangIdModelInfo
        {
            Labels = labels,
            Features = o.Features,
            Dim = o.Dim,
            Training = new LangIdTrainingInfo
            {
                Seed = o.Seed,
                Epochs = o.Epochs,
                LearningRate = o.LearningRate,
                Optimizer = "SGD, softmax cross-entropy, learning rate decaying linearly to 0, single-threaded",
                Augmentation = string.Create(
                    CultureInfo.InvariantCulture,
                    $"word windows of 1-{o.MaxWindowWords} (p={o.WindowProbability}), Latin accents stripped (p={o.StripAccentsProbability}), " +
                    $"{(o.Topics is null ? string.Empty : $"topic phrases swapped in ary-Arab/arb lines (p={o.TopicSwapProbability.ToString(CultureInfo.InvariantCulture)}, {o.Topics.Phrases.Count} phrases) and seen alone as both ary-Arab and arb (x{o.TopicNeutralRepeats}), ")}" +
                    $"repeats per source: {string.Join(", ", o.SourceRepeats.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key}x{r.Value}"))}"),
                Files = files,
                DataSha256 = CombinedSha256(files),
                TrainExamples = train.Count,
                DevExamples = dev.Count,
                DevSplit = "first byte of SHA-256(UTF-8 text) % 10 == 0",
            },
        };

        // fastText's initialisation: small uniform embeddings, zero output layer.
        var embedding = new float[o.Features.Buckets * o.Dim];
        for (var i = 0; i < embedding.Length; i++)
        {
            embedding[i] = (float)((random.NextDouble() * 2) - 1) / o.Dim;
        }

        var model = new LangIdModel(info, embedding, new float[o.Dim * labels.Count], new float[labels.Count]);

        var order = new List<int>();
        for (var i = 0; i < train.Count; i++)
        {
            var repeats = train[i].Source == LangIdTopicSwap.NeutralSource ? o.TopicNeutralRepeats
                : o.SourceRepeats.TryGetValue(train[i].Source, out var r) ? r : 1;
            for (var k = 0; k < repeats; k++)
            {
                order.Add(i);
            }
        }

        var buffer = new LangIdFeatureBuffer(extractor);
        var weights = new float[extractor.MaxFeatures];
        var step = new Step(o.Dim, labels.Count);
        long total = (long)order.Count * o.Epochs, done = 0;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            Shuffle(order, random);
            double loss = 0;
            var correct = 0;
            foreach (var index in order)
            {
                var example = train[index];
                extractor.Extract(Augment(example, random), buffer);
                LangIdFeatureExtractor.MessageWeights(buffer, weights);
                var lr = o.LearningRate * (1f - ((float)done++ / total));
                loss += step.Run(model, buffer.Ids.AsSpan(0, buffer.Count), weights.AsSpan(0, buffer.Count), labelIndex[example.Label], lr, out var hit);
                correct += hit ? 1 : 0;
            }

            var devMetrics = Evaluate(model, extractor, dev);
            _log(string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {epoch,2}/{o.Epochs}: loss {loss / order.Count:F4}, train acc {(double)correct / order.Count:F4}, dev acc {devMetrics.Accuracy:F4}, dev macro-F1 {devMetrics.MacroF1:F4}"));
        }

        var bySource = dev.GroupBy(e => e.Source, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LangIdSourceMetrics(g.Key, Evaluate(model, extractor, g.ToList())))
            .ToList();
        return model.WithInfo(info with { DevMetrics = Evaluate(model, extractor, dev), DevMetricsBySource = bySource });
    }

    /// <summary>Scores the C# forward pass of <paramref name="model"/> on labelled examples.</summary>
    public static LangIdMetrics Evaluate(LangIdModel model, LangIdFeatureExtractor extractor, IReadOnlyList<LangIdExample> examples)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(extractor);
        ArgumentNullException.ThrowIfNull(examples);
        var evaluation = new LangIdEvaluation(model.Info.Labels);
        var buffer = new LangIdFeatureBuffer(extractor);
        var weights = new float[extractor.MaxFeatures];
        Span<float> probs = stackalloc float[model.Info.Labels.Count];
        foreach (var e in examples)
        {
            extractor.Extract(e.Text, buffer);
            LangIdFeatureExtractor.MessageWeights(buffer, weights);
            model.Predict(buffer.Ids.AsSpan(0, buffer.Count), weights.AsSpan(0, buffer.Count), probs);
            evaluation.Add(e.Label, model.Info.Labels[LangIdModel.ArgMax(probs)]);
        }

        return evaluation.Metrics();
    }

    public static string CombinedSha256(IReadOnlyList<LangIdDataFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var joined = string.Join("\n", files.Select(f => f.Sha256));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));
    }

    private static void Shuffle(List<int> items, Random random)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static string StripAccents(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark || c >= '\u0600')
            {
                sb.Append(c);
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    private string Augment(LangIdExample example, Random random)
    {
        var text = example.Text;

        // Before the window, so that a window can keep the swapped phrase with or without its dialect markers.
        if (_options.Topics is { } topics && LangIdTopicSwap.Applies(example.Label) && random.NextDouble() < _options.TopicSwapProbability)
        {
            text = topics.Swap(text, example.Label, random);
        }

        var window = random.NextDouble() < _options.WindowProbability;

        // A window of a code-switched message may hold only its other language: it would teach the wrong label.
        if (window && example.Secondary is null)
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length > 2)
            {
                var length = random.Next(1, Math.Min(_options.MaxWindowWords, words.Length) + 1);
                var start = random.Next(words.Length - length + 1);
                text = string.Join(' ', words, start, length);
            }
        }

        if (random.NextDouble() < _options.StripAccentsProbability)
        {
            text = StripAccents(text);
        }

        return text;
    }

    /// <summary>One SGD step; scratch vectors are kept between steps.</summary>
    private sealed class Step(int dim, int labels)
    {
        private readonly float[] _pooled = new float[dim];
        private readonly float[] _probs = new float[labels];
        private readonly float[] _gradPooled = new float[dim];

        public double Run(LangIdModel model, ReadOnlySpan<long> ids, ReadOnlySpan<float> weights, int gold, float lr, out bool hit)
        {
            model.Pool(ids, weights, _pooled);
            model.Logits(_pooled, _probs);
            LangIdModel.Softmax(_probs);
            hit = LangIdModel.ArgMax(_probs) == gold;
            var loss = -Math.Log(Math.Max(_probs[gold], 1e-12f));

            // dL/dlogits = p - onehot(gold); back through the linear layer, then into each feature row.
            _probs[gold] -= 1f;
            var projection = model.Projection;
            var bias = model.Bias;
            for (var d = 0; d < dim; d++)
            {
                var g = 0f;
                for (var c = 0; c < labels; c++)
                {
                    g += projection[(d * labels) + c] * _probs[c];
                }

                _gradPooled[d] = g;
            }

            for (var d = 0; d < dim; d++)
            {
                for (var c = 0; c < labels; c++)
                {
                    projection[(d * labels) + c] -= lr * _pooled[d] * _probs[c];
                }
            }

            for (var c = 0; c < labels; c++)
            {
                bias[c] -= lr * _probs[c];
            }

            var embedding = model.Embedding;
            for (var i = 0; i < ids.Length; i++)
            {
                var scale = lr * weights[i];
                var row = embedding.Slice((int)ids[i] * dim, dim);
                for (var d = 0; d < dim; d++)
                {
                    row[d] -= scale * _gradPooled[d];
                }
            }

            return loss;
        }
    }
}
