using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarocAssistant.Language.Classification;
using MarocAssistant.Language.LangId;
using MarocAssistant.Training.Intent;
using MarocAssistant.Training.LangId;

namespace MarocAssistant.Cli.Commands;

/// <summary>
/// The message-kind model: <c>maroc train intent</c> and <c>maroc eval intent &lt;file.tsv&gt;</c>. It tells an
/// administrative question from a request for a person, small talk, a restart, something to refuse and something
/// off-topic, in every language and script, where the cue lists of <c>cues.yaml</c> miss a wording.
/// </summary>
public static class IntentCommands
{
    private static readonly string DefaultOutput = Path.Combine("models", "intent.onnx");

    /// <summary><c>maroc train intent [--data corpus/intents] [--questions corpus/questions] [--out models/intent.onnx]</c>.</summary>
    public static Command Train()
    {
        var data = new Option<string>("--data") { Description = "Folder of label<TAB>language<TAB>text files.", DefaultValueFactory = _ => Path.Combine("corpus", "intents") };
        var questions = new Option<string>("--questions") { Description = "Folder of the training questions (admin; out-of-scope.tsv: out_of_scope).", DefaultValueFactory = _ => Path.Combine("corpus", "questions") };
        var repeat = new Option<int>("--repeat") { Description = "Passes per epoch over the written files (the questions are seen once).", DefaultValueFactory = _ => 3 };
        var output = new Option<string>("--out") { Description = "Model file to write (its .json metadata goes beside it).", DefaultValueFactory = _ => DefaultOutput };
        var seed = new Option<int>("--seed") { Description = "Random seed: same data and seed give the same model bytes.", DefaultValueFactory = _ => 20261206 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the data.", DefaultValueFactory = _ => 12 };
        var dim = new Option<int>("--dim") { Description = "Width of the feature embeddings.", DefaultValueFactory = _ => 16 };
        var bits = new Option<int>("--bucket-bits") { Description = "2^N rows of the hashed embedding table.", DefaultValueFactory = _ => 15 };
        var command = new Command("intent", "Train the message-kind model and write models/intent.onnx + intent.json.")
        {
            data, questions, repeat, output, seed, epochs, dim, bits,
        };
        command.SetAction(parse =>
        {
            var files = Directory.GetFiles(parse.GetValue(data)!, "*.tsv").Order(StringComparer.Ordinal).ToList();
            var examples = new List<LangIdExample>();
            var records = new List<LangIdDataFile>();
            foreach (var file in files)
            {
                var read = IntentData.ReadTsv(file);
                examples.AddRange(read);
                records.Add(new LangIdDataFile("corpus/intents/" + Path.GetFileName(file), LangIdDataset.Sha256(file), read.Count));
                Console.WriteLine($"data: {Path.GetFileName(file)}: {read.Count} examples");
            }

            var asked = IntentData.ReadQuestions(parse.GetValue(questions)!);
            examples.AddRange(asked);
            records.Add(new LangIdDataFile("corpus/questions/*.tsv", "-", asked.Count));
            Console.WriteLine($"data: corpus/questions: {asked.Count} examples (out-of-scope.tsv as out_of_scope, the rest admin)");

            var options = new LangIdTrainingOptions
            {
                Labels = IntentData.Labels,
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs),
                // A few words cut from a refusal or an off-topic line are often a plain administrative phrase: whole lines only.
                WindowProbability = 0,
                Dim = parse.GetValue(dim),
                Features = new LangIdFeatureSettings { BucketBits = parse.GetValue(bits) },
                SourceRepeats = files.ToDictionary(f => Path.GetFileName(f), _ => parse.GetValue(repeat), StringComparer.Ordinal),
            };
            var train = examples.Where(e => !LangIdDataset.IsDev(e.Text)).ToList();
            var dev = examples.Where(e => LangIdDataset.IsDev(e.Text)).ToList();
            var watch = Stopwatch.StartNew();
            var model = new LangIdTrainer(options, Console.WriteLine).Train(train, dev, records);
            var outPath = parse.GetValue(output)!;
            model.Save(outPath);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {watch.Elapsed.TotalSeconds:F1} s; model: {outPath} ({new FileInfo(outPath).Length / 1048576.0:F2} MiB)"));
            using var classifier = new OnnxTextClassifier(outPath);
            Console.WriteLine(Evaluate(classifier, dev).Report());
            return 0;
        });
        return command;
    }

    /// <summary><c>maroc eval intent &lt;file.tsv&gt; [--model models/intent.onnx]</c>: per-label precision/recall/F1.</summary>
    public static Command Eval()
    {
        var file = new Argument<string>("file") { Description = "label<TAB>language<TAB>text lines." };
        var model = new Option<string>("--model") { Description = "The message-kind model (its .json beside it).", DefaultValueFactory = _ => DefaultOutput };
        var show = new Option<bool>("--show") { Description = "Print every line with the model's label and probability." };
        var command = new Command("intent", "Evaluate the message-kind model: confusion matrix, per-label precision/recall/F1, macro-F1.") { file, model, show };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: file not found: {path}");
                return 2;
            }

            using var classifier = new OnnxTextClassifier(parse.GetValue(model)!);
            var examples = IntentData.ReadTsv(path);
            if (parse.GetValue(show))
            {
                foreach (var example in examples)
                {
                    var p = classifier.Classify(example.Text);
                    var top = ArgMax(p);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{example.Label}\t{classifier.Info.Labels[top]} {p[top]:F2}\t{example.Text}"));
                }
            }

            Console.WriteLine(Evaluate(classifier, examples).Report());
            return 0;
        });
        return command;
    }

    private static LangIdEvaluation Evaluate(OnnxTextClassifier classifier, IReadOnlyList<LangIdExample> examples)
    {
        var evaluation = new LangIdEvaluation(classifier.Info.Labels);
        foreach (var example in examples)
        {
            evaluation.Add(example.Label, classifier.Info.Labels[ArgMax(classifier.Classify(example.Text))]);
        }

        return evaluation;
    }

    private static int ArgMax(float[] values) => Array.IndexOf(values, values.Max());
}
