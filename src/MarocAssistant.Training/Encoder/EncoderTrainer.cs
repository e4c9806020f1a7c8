using System.Diagnostics;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Training.Onnx;

namespace MarocAssistant.Training.Encoder;

/// <summary>Settings of <see cref="EncoderTrainer"/>.</summary>
public sealed record EncoderTrainingOptions
{
    public int Buckets { get; init; } = 16384;

    // 64 × 30: 96 × 40 did barely better on the conversation dev set (0.927 against 0.925) for a model of 6.4 MB
    // instead of 4.2 MB; see models/MODELS.md.
    public int Dimensions { get; init; } = 64;

    public int Epochs { get; init; } = 30;

    public float LearningRate { get; init; } = 0.3f;

    /// <summary>The softmax temperature on cosines.</summary>
    public float Scale { get; init; } = 16f;

    /// <summary>An additive cosine margin for the right class, which spreads the classes apart.</summary>
    public float Margin { get; init; } = 0.15f;

    /// <summary>Folds for the held-out calibration; 0 skips it.</summary>
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 20261122;
}

/// <summary>What a training produced.</summary>
public sealed record EncoderTrainingResult(EncoderModel Model, ConfidenceCalibration? Calibration, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Trains the encoder in C#: a softmax over procedures (and an out-of-scope class) on cosines between the
/// projected question and each class prototype, with a margin, optimised by AdaGrad. Examples are every
/// record's titles, aliases, summaries and variant labels in all languages, and corpus/questions. The
/// calibration is fitted on k held-out folds of the questions, each searched with a model that never saw it.
/// </summary>
public static class EncoderTrainer
{
    public static EncoderModel Train(RetrievalResources resources, IReadOnlyList<LabeledQuestion> questions, EncoderTrainingOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(options);
        var classes = resources.Corpus.Records.Select(r => r.Id).ToList();
        if (questions.Any(q => q.IsOutOfScope))
        {
            classes.Add(EncoderModel.OutOfScopeClass);
        }

        var classIndex = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var examples = new List<(long[] Indices, float[] Weights, int Class)>();
        foreach (var record in resources.Corpus.Records)
        {
            foreach (var text in EncoderModel.RecordTexts(record))
            {
                Add(text, classIndex[record.Id]);
            }
        }

        foreach (var question in questions)
        {
            var id = question.ProcedureId ?? EncoderModel.OutOfScopeClass;
            if (classIndex.TryGetValue(id, out var cls))
            {
                Add(question.Text, cls);
            }
        }

        return Optimize(examples, classes.ToArray(), options, cancellationToken);

        void Add(string text, int cls)
        {
            var (indices, weights) = EncoderModel.Featurize(resources.Sparse, text, options.Buckets);
            if (indices.Length > 0)
            {
                examples.Add((indices, weights, cls));
            }
        }
    }

    /// <summary>Trains on everything, and fits the hybrid calibration on held-out folds of the questions.</summary>
    public static async Task<EncoderTrainingResult> TrainWithCalibrationAsync(
        RetrievalResources resources,
        IReadOnlyList<LabeledQuestion> questions,
        RetrievalOptions retrieval,
        EncoderTrainingOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(retrieval);
        ArgumentNullException.ThrowIfNull(options);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        ConfidenceCalibration? calibration = null;
        if (options.Folds >= 2 && questions.Count >= options.Folds)
        {
            var random = new Random(options.Seed);
            var order = questions.Select((q, i) => (q, Key: random.Next())).OrderBy(x => x.Key).Select(x => x.q).ToList();
            var examples = new List<(LabeledQuestion, SearchTrace)>(order.Count);
            int denseTop = 0, hybridTop = 0, hybridTop3 = 0, shippedTop = 0, shippedTop3 = 0, inScope = 0;

            // The calibration is fitted on the plain two-branch search (RRF, no training questions): the shipped
            // search's dense tie-break and third branch only make its first candidate right more often, so the
            // confidence stays on the cautious side (fitted with them, the dialog answered and moved the focus more).
            var plain = retrieval.PlainFusion();
            for (var fold = 0; fold < options.Folds; fold++)
            {
                var heldOut = order.Where((_, i) => i % options.Folds == fold).ToList();
                var training = order.Where((_, i) => i % options.Folds != fold).ToList();
                var model = Train(resources, training, options, cancellationToken);
                var embedder = new ManagedEncoderEmbedder(model, resources.Sparse);
                var documents = await ProcedureIndexBuilder.DocumentsAsync(resources, embedder, cancellationToken);
                var index = new EmbeddedProcedureIndex();
                index.Load(documents, model.Dimensions);
                var search = new HybridProcedureSearch(resources.Sparse, index, embedder, CalibrationFitter.Prior("hybrid"), plain);

                // The search as shipped, with the fold's own training questions as its examples.
                var foldExamples = ExampleIndex.Build(training, embedder, resources.Sparse, $"fold {fold}");
                var shipped = new HybridProcedureSearch(resources.Sparse, index, embedder, CalibrationFitter.Prior("hybrid"), retrieval, examples: foldExamples);
                foreach (var question in heldOut)
                {
                    var trace = await search.TraceAsync(question.Text, retrieval.MaxChoices, cancellationToken);
                    examples.Add((question, trace));
                    if (!question.IsOutOfScope)
                    {
                        inScope++;
                        denseTop += trace.Hits.Dense.Count > 0 && trace.Hits.Dense[0].Id == question.ProcedureId ? 1 : 0;
                        hybridTop += trace.Hits.Fused.Count > 0 && trace.Hits.Fused[0].Id == question.ProcedureId ? 1 : 0;
                        hybridTop3 += trace.Hits.Fused.Take(3).Any(h => h.Id == question.ProcedureId) ? 1 : 0;
                        var full = (await shipped.TraceAsync(question.Text, retrieval.MaxChoices, cancellationToken)).Hits.Fused;
                        shippedTop += full.Count > 0 && full[0].Id == question.ProcedureId ? 1 : 0;
                        shippedTop3 += full.Take(3).Any(h => h.Id == question.ProcedureId) ? 1 : 0;
                    }
                }
            }

            if (inScope > 0)
            {
                metrics["heldout_dense_hit1"] = Math.Round((double)denseTop / inScope, 4);
                metrics["heldout_hybrid_hit1"] = Math.Round((double)hybridTop / inScope, 4);
                metrics["heldout_hybrid_hit3"] = Math.Round((double)hybridTop3 / inScope, 4);
                metrics["heldout_shipped_hit1"] = Math.Round((double)shippedTop / inScope, 4);
                metrics["heldout_shipped_hit3"] = Math.Round((double)shippedTop3 / inScope, 4);
            }

            calibration = CalibrationFitter.Fit("hybrid", examples, retrieval.MaxChoices);

            // How the fitted thresholds decide on the held-out traces (in-sample for the 10-weight calibration only).
            var outOfScope = examples.Where(e => e.Item1.IsOutOfScope).ToList();
            var answerable = examples.Where(e => !e.Item1.IsOutOfScope).ToList();
            bool Refused((LabeledQuestion, SearchTrace) e)
            {
                var (top, choice) = calibration.Predict(e.Item2.Features);
                return top < retrieval.AnswerThreshold && Math.Max(top, choice) < retrieval.ChoiceThreshold;
            }

            if (outOfScope.Count > 0)
            {
                metrics["heldout_oos_refused"] = Math.Round((double)outOfScope.Count(Refused) / outOfScope.Count, 4);
            }

            if (answerable.Count > 0)
            {
                metrics["heldout_inscope_refused"] = Math.Round((double)answerable.Count(Refused) / answerable.Count, 4);
            }
        }

        var watch = Stopwatch.StartNew();
        var final = Train(resources, questions, options, cancellationToken);
        metrics["train_seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2);
        metrics["questions"] = questions.Count;
        return new EncoderTrainingResult(final, calibration, metrics);
    }

    /// <summary>Writes <c>encoder.onnx</c> and <c>encoder.json</c> to a folder.</summary>
    public static void Export(EncoderTrainingResult result, EncoderTrainingOptions options, string modelsPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(modelsPath);
        var model = result.Model;
        var metadata = new EncoderMetadata
        {
            Buckets = model.Buckets,
            Dimensions = model.Dimensions,
            SparseEncodingVersion = RetrievalResources.SparseEncodingVersion,
            Classes = model.Classes,
            Prototypes = model.Prototypes,
            Calibration = result.Calibration,
            Training = new Dictionary<string, string>
            {
                ["objective"] = $"softmax over {model.Classes.Length} classes on cosine × {options.Scale}, margin {options.Margin}",
                ["optimizer"] = $"AdaGrad lr {options.LearningRate}, {options.Epochs} epochs, seed {options.Seed}",
                ["data"] = "record titles, aliases, summaries, variant labels (all languages) + corpus/questions",
                ["calibration"] = $"{options.Folds}-fold held-out questions",
                ["trained_at"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            },
            Metrics = result.Metrics.ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        // The same JSON goes beside the model and inside it, so a loader can refuse a mismatched pair.
        var json = metadata.ToJson();
        var onnx = EncoderOnnxGraph.Build(model, [new(EncoderMetadata.FileName, json)]);
        OnnxModelWriter.WriteFile(onnx, Path.Combine(modelsPath, EncoderMetadata.ModelFileName));
        File.WriteAllText(Path.Combine(modelsPath, EncoderMetadata.FileName), json);
    }

    private static EncoderModel Optimize(List<(long[] Indices, float[] Weights, int Class)> examples, string[] classes, EncoderTrainingOptions options, CancellationToken cancellationToken)
    {
        int b = options.Buckets, d = options.Dimensions, k = classes.Length;
        var random = new Random(options.Seed);
        var w = new float[b * d];
        var c = new float[k * d];
        var initScale = (float)Math.Sqrt(3.0 / d);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = (float)((random.NextDouble() * 2) - 1) * initScale;
        }

        for (var i = 0; i < c.Length; i++)
        {
            c[i] = (float)((random.NextDouble() * 2) - 1);
        }

        var gw = new float[w.Length];
        var gc = new float[c.Length];
        var order = Enumerable.Range(0, examples.Count).ToArray();
        var h = new float[d];
        var dE = new float[d];
        var cn = new float[k];
        var logits = new float[k];
        var lr = options.LearningRate;
        const float Epsilon = 1e-8f;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            foreach (var e in order)
            {
                var (indices, weights, y) = examples[e];
                Array.Clear(h);
                for (var i = 0; i < indices.Length; i++)
                {
                    var row = (int)indices[i] * d;
                    for (var j = 0; j < d; j++)
                    {
                        h[j] += weights[i] * w[row + j];
                    }
                }

                var hn = EncoderModel.Normalize(h); // h is now the unit embedding
                if (hn < 1e-12f)
                {
                    continue;
                }

                var max = float.MinValue;
                for (var cls = 0; cls < k; cls++)
                {
                    var row = c.AsSpan(cls * d, d);
                    var norm = 0f;
                    var dot = 0f;
                    for (var j = 0; j < d; j++)
                    {
                        norm += row[j] * row[j];
                        dot += row[j] * h[j];
                    }

                    cn[cls] = MathF.Sqrt(norm) + Epsilon;
                    logits[cls] = options.Scale * ((dot / cn[cls]) - (cls == y ? options.Margin : 0));
                    max = Math.Max(max, logits[cls]);
                }

                var sum = 0f;
                for (var cls = 0; cls < k; cls++)
                {
                    logits[cls] = MathF.Exp(logits[cls] - max);
                    sum += logits[cls];
                }

                Array.Clear(dE);
                for (var cls = 0; cls < k; cls++)
                {
                    var g = (logits[cls] / sum) - (cls == y ? 1 : 0);
                    if (MathF.Abs(g) < 1e-6f)
                    {
                        continue;
                    }

                    var row = c.AsSpan(cls * d, d);
                    var dot = 0f;
                    for (var j = 0; j < d; j++)
                    {
                        dot += row[j] * h[j];
                    }

                    var cosine = dot / cn[cls];
                    for (var j = 0; j < d; j++)
                    {
                        var unit = row[j] / cn[cls];
                        dE[j] += options.Scale * g * unit;

                        // d loss / d c = s g (e − ĉ cos) / |c|
                        var grad = options.Scale * g * (h[j] - (unit * cosine)) / cn[cls];
                        var idx = (cls * d) + j;
                        gc[idx] += grad * grad;
                        c[idx] -= lr * grad / (MathF.Sqrt(gc[idx]) + Epsilon);
                    }
                }

                // Back through the normalisation: (dE − e (e·dE)) / |h|.
                var projection = 0f;
                for (var j = 0; j < d; j++)
                {
                    projection += h[j] * dE[j];
                }

                for (var j = 0; j < d; j++)
                {
                    dE[j] = (dE[j] - (h[j] * projection)) / hn;
                }

                for (var i = 0; i < indices.Length; i++)
                {
                    var row = (int)indices[i] * d;
                    for (var j = 0; j < d; j++)
                    {
                        var grad = weights[i] * dE[j];
                        gw[row + j] += grad * grad;
                        w[row + j] -= lr * grad / (MathF.Sqrt(gw[row + j]) + Epsilon);
                    }
                }
            }
        }

        var prototypes = new float[k][];
        for (var cls = 0; cls < k; cls++)
        {
            prototypes[cls] = c.AsSpan(cls * d, d).ToArray();
            EncoderModel.Normalize(prototypes[cls]);
        }

        return new EncoderModel(b, d, w, classes, prototypes);
    }
}
