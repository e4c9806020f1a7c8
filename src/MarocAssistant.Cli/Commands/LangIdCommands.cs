using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Language.Onnx;
using MarocAssistant.Training.LangId;

namespace MarocAssistant.Cli.Commands;

/// <summary>
/// Language identification: <c>maroc train langid</c> and <c>maroc eval langid &lt;file.tsv&gt;</c>. Each factory
/// returns the <c>langid</c> sub-command, for Program.cs to mount under <c>train</c> and <c>eval</c>.
/// </summary>
public static class LangIdCommands
{
    /// <summary><c>maroc train langid [--data file]... [--chat folder] [--out models/langid.onnx] [--seed N]</c>.</summary>
    public static Command Train()
    {
        var data = new Option<string[]>("--data")
        {
            Description = "Training TSV (label<TAB>text); repeat for several. Default: corpus/langid/train.tsv.",
            DefaultValueFactory = _ => [DefaultTrainFile()],
        };
        var chat = new Option<string>("--chat")
        {
            Description = "Folder of hand-written chat-style TSVs (every *.tsv), seen --chat-repeat times per epoch.",
            DefaultValueFactory = _ => Path.Combine("corpus", "langid"),
        };
        var chatRepeat = new Option<int>("--chat-repeat") { Description = "Times per epoch each chat example is seen.", DefaultValueFactory = _ => 5 };
        var topics = new Option<string>("--topics")
        {
            Description = "Topic phrases swapped between Darija and Standard Arabic lines during training (phrase<TAB>both|ary-Arab); a missing file turns the swap off.",
            DefaultValueFactory = _ => Path.Combine("corpus", "langid", "topics.txt"),
        };
        var topicSwap = new Option<double>("--topic-swap") { Description = "Chance per Arabic-script example and epoch to swap a topic phrase.", DefaultValueFactory = _ => new LangIdTrainingOptions().TopicSwapProbability };
        var output = new Option<string>("--out") { Description = "Model file to write (its .json metadata goes beside it).", DefaultValueFactory = _ => Path.Combine("models", "langid.onnx") };
        var seed = new Option<int>("--seed") { Description = "Random seed: same data and seed give the same model bytes.", DefaultValueFactory = _ => new LangIdTrainingOptions().Seed };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => new LangIdTrainingOptions().Epochs };

        var command = new Command("langid", "Train the language identifier and write models/langid.onnx + langid.json.")
        {
            data, chat, chatRepeat, topics, topicSwap, output, seed, epochs,
        };
        command.SetAction(parse =>
        {
            var labels = LanguageLabels.All.ToHashSet(StringComparer.Ordinal);
            var files = parse.GetValue(data)!.ToList();
            var chatFolder = parse.GetValue(chat)!;
            // The chat folder may also hold the main training file and its provenance table: never read them twice.
            var dataPaths = files.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
            var chatFiles = Directory.Exists(chatFolder)
                ? Directory.GetFiles(chatFolder, "*.tsv")
                    .Where(f => !dataPaths.Contains(Path.GetFullPath(f)) && !f.EndsWith(".provenance.tsv", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal).ToList()
                : [];
            var examples = new List<LangIdExample>();
            var records = new List<LangIdDataFile>();
            foreach (var file in files.Concat(chatFiles))
            {
                if (!File.Exists(file))
                {
                    Console.Error.WriteLine($"error: training file not found: {file}");
                    return 2;
                }

                var read = LangIdDataset.ReadTsv(file, labels);
                examples.AddRange(read);
                records.Add(new LangIdDataFile(StableName(file), LangIdDataset.Sha256(file), read.Count));
                Console.WriteLine($"data: {StableName(file)}: {read.Count} examples");
            }

            if (chatFiles.Count == 0)
            {
                Console.WriteLine($"note: no chat-style files in {chatFolder}; training on {string.Join(", ", files)} only.");
            }

            var topicsPath = parse.GetValue(topics)!;
            LangIdTopicSwap? swap = null;
            if (File.Exists(topicsPath))
            {
                swap = LangIdTopicSwap.Load(topicsPath);
                records.Add(new LangIdDataFile(StableName(topicsPath), LangIdDataset.Sha256(topicsPath), swap.Phrases.Count));
                Console.WriteLine($"topics: {StableName(topicsPath)}: {swap.Phrases.Count} phrases");
            }

            var options = new LangIdTrainingOptions
            {
                Topics = swap,
                TopicSwapProbability = parse.GetValue(topicSwap),
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs),
                SourceRepeats = chatFiles.ToDictionary(f => Path.GetFileName(f) ?? f, _ => parse.GetValue(chatRepeat), StringComparer.Ordinal),
            };
            var watch = Stopwatch.StartNew();
            var model = new LangIdTrainer(options, Console.WriteLine).Train(examples, records);
            var outPath = parse.GetValue(output)!;
            model.Save(outPath);
            var size = new FileInfo(outPath).Length;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {watch.Elapsed.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"model: {outPath} ({size / 1048576.0:F2} MiB), sha256 {LangIdDataset.Sha256(outPath)}"));

            var dev = examples.Where(e => LangIdDataset.IsDev(e.Text)).ToList();
            if (OrtRuntime.TryLoad(out var error))
            {
                // The file itself, run by ONNX Runtime, scored on the same dev split.
                using var detector = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = outPath, DetectMixed = false });
                var evaluation = Evaluate(detector, dev);
                Console.WriteLine(evaluation.Report().Replace("macro-F1:", "dev macro-F1 (ONNX Runtime):", StringComparison.Ordinal));
            }
            else
            {
                Console.WriteLine("note: ONNX Runtime not available, the written file was not run: " + error);
            }

            foreach (var source in model.Info.DevMetricsBySource ?? [])
            {
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"dev {source.Source}: macro-F1 {source.Metrics.MacroF1:F4} on {source.Metrics.Count} messages ({string.Join(", ", source.Metrics.PerLabel.Where(l => l.Support > 0).Select(l => $"{l.Label} {l.F1:F3}"))})"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dev macro-F1: {model.Info.DevMetrics!.MacroF1:F4}"));
            return 0;
        });
        return command;
    }

    /// <summary><c>maroc eval langid &lt;file.tsv&gt; [--model models/langid.onnx] [--split all|dev|train] [--errors]</c>.</summary>
    public static Command Eval()
    {
        var file = new Argument<string>("file") { Description = "Labelled TSV: label<TAB>text, or label<TAB>secondary<TAB>text for code-switched lines." };
        var model = new Option<string>("--model") { Description = "The langid model (its .json beside it).", DefaultValueFactory = _ => DefaultModelPath };
        var split = new Option<string>("--split")
        {
            Description = "Score every line (all), only the dev split the trainer held out (dev), or only the training lines (train).",
            DefaultValueFactory = _ => "all",
        };
        split.AcceptOnlyFromAmong("all", "dev", "train");
        var errors = new Option<bool>("--errors") { Description = "Also list every misread line (gold, predicted, confidence, text) and every false mixed flag." };

        var command = new Command("langid", "Evaluate the language identifier: confusion matrix, per-label precision/recall/F1, macro-F1.")
        {
            file, model, split, errors,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: file not found: {path}");
                return 2;
            }

            var examples = LangIdDataset.ReadTsv(path, LanguageLabels.All.ToHashSet(StringComparer.Ordinal))
                .Where(e => parse.GetValue(split) switch
                {
                    "dev" => LangIdDataset.IsDev(e.Text),
                    "train" => !LangIdDataset.IsDev(e.Text),
                    _ => true,
                })
                .ToList();
            using var detector = new OnnxLanguageDetector(new OnnxLanguageDetectorOptions { ModelPath = parse.GetValue(model)! });
            var texts = examples.Select(e => e.Text).ToArray();
            detector.DetectBatch(texts.Take(64).ToArray()); // warm-up: JIT and ORT's first run are not the steady speed
            var watch = Stopwatch.StartNew();
            var results = detector.DetectBatch(texts);
            var elapsed = watch.Elapsed;
            var evaluation = new LangIdEvaluation(detector.Info.Labels);
            for (var i = 0; i < examples.Count; i++)
            {
                evaluation.Add(examples[i].Label, results[i].Label);
            }

            if (parse.GetValue(errors))
            {
                PrintErrors(examples, results);
            }

            PrintMixed(examples, results);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"speed: {examples.Count / Math.Max(elapsed.TotalSeconds, 1e-9):F0} messages/s with the mixed flag ({elapsed.TotalMilliseconds * 1000 / Math.Max(1, examples.Count):F1} µs per message, one thread, batches of 64)"));
            Console.WriteLine(evaluation.Report());
            return 0;
        });
        return command;
    }

    private static string DefaultModelPath
    {
        get
        {
            var local = Path.Combine("models", "langid.onnx");
            return File.Exists(local) ? local : Path.Combine(AppContext.BaseDirectory, "models", "langid.onnx");
        }
    }

    /// <summary>corpus/langid/train.tsv, built from allowed sources by corpus/langid/build/build_train.py (see its README).</summary>
    private static string DefaultTrainFile() => Path.Combine("corpus", "langid", "train.tsv");

    /// <summary>The last three path segments ("corpus/langid/train.tsv"): recorded in the model, the same on every machine.</summary>
    private static string StableName(string path)
    {
        var parts = Path.GetFullPath(path).Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        return string.Join('/', parts.TakeLast(3));
    }

    private static LangIdEvaluation Evaluate(OnnxLanguageDetector detector, List<LangIdExample> examples)
    {
        var evaluation = new LangIdEvaluation(detector.Info.Labels);
        var results = detector.DetectBatch(examples.Select(e => e.Text).ToArray());
        for (var i = 0; i < examples.Count; i++)
        {
            evaluation.Add(examples[i].Label, results[i].Label);
        }

        return evaluation;
    }

    /// <summary>Misread lines and false mixed flags, one a line, to read by eye.</summary>
    private static void PrintErrors(List<LangIdExample> examples, LanguageResult[] results)
    {
        for (var i = 0; i < examples.Count; i++)
        {
            var wrongLabel = results[i].Label != examples[i].Label;
            var falseFlag = examples[i].Secondary is null && results[i].IsMixed;
            if (wrongLabel || falseFlag)
            {
                var what = wrongLabel ? $"{examples[i].Label} -> {results[i].Label}" : $"{examples[i].Label} mixed {results[i].Secondary}";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"error: {what} ({results[i].Confidence:F2})\t{examples[i].Text}"));
            }
        }
    }

    /// <summary>How the mixed flag did: on annotated code-switched lines, and as false alarms on the others.</summary>
    private static void PrintMixed(List<LangIdExample> examples, LanguageResult[] results)
    {
        int mixed = 0, flagged = 0, exact = 0, mono = 0, falseFlags = 0;
        for (var i = 0; i < examples.Count; i++)
        {
            if (examples[i].Secondary is { } secondary)
            {
                mixed++;
                flagged += results[i].IsMixed ? 1 : 0;
                exact += results[i].Secondary == secondary ? 1 : 0;
            }
            else
            {
                mono++;
                falseFlags += results[i].IsMixed ? 1 : 0;
            }
        }

        if (mixed > 0)
        {
            Console.WriteLine($"mixed: {flagged}/{mixed} code-switched lines flagged, secondary exactly right on {exact}/{mixed}");
        }

        Console.WriteLine($"mixed flag on monolingual lines: {falseFlags}/{mono}");
    }
}
