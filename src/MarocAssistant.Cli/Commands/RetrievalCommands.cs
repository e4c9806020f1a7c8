using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Qdrant;
using MarocAssistant.Training.Encoder;
using MarocAssistant.Training.Evaluation;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Cli.Commands;

/// <summary>
/// Retrieval commands: <c>maroc index</c>, <c>maroc eval retrieval &lt;file.tsv&gt;</c> and <c>maroc train encoder</c>.
/// Each factory returns a command for Program.cs to mount (the last two under <c>eval</c> and <c>train</c>).
/// </summary>
public static class RetrievalCommands
{
    /// <summary><c>maroc index</c>: builds the index (sparse + dense when the encoder is there) and writes it.</summary>
    public static Command CreateIndexCommand()
    {
        var paths = new PathOptions();
        var backend = new Option<RetrievalBackend>("--backend") { Description = "Also write to Qdrant (Qdrant) or only the embedded file (Embedded).", DefaultValueFactory = _ => RetrievalBackend.Embedded };
        var qdrantUrl = new Option<string?>("--qdrant-url") { Description = "Qdrant gRPC endpoint, e.g. http://127.0.0.1:6334 (default: env QDRANT_URL)." };
        var collection = new Option<string>("--collection") { Description = "Qdrant collection name.", DefaultValueFactory = _ => QdrantOptions.DefaultCollection };
        var command = new Command("index", "Build the procedure index and persist it (embedded file; Qdrant with --backend Qdrant).");
        paths.AddTo(command);
        command.Options.Add(backend);
        command.Options.Add(qdrantUrl);
        command.Options.Add(collection);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = paths.Read(parse);
            using var loggerFactory = CreateLoggerFactory();
            var logger = loggerFactory.CreateLogger("maroc.index");
            var resources = RetrievalResources.Load(options.CorpusPath);
            var embedder = await EmbedderLoader.LoadAsync(options, resources.Sparse, logger, cancellationToken);
            var watch = Stopwatch.StartNew();
            var (documents, metadata) = await ProcedureSearchFactory.BuildIndexFileAsync(options, embedder, logger, cancellationToken);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            Console.WriteLine($"procedures: {documents.Count}");
            Console.WriteLine($"dense: {(embedder is null ? "off" : $"{embedder.Dimensions} dims ({embedder.Fingerprint})")}");
            Console.WriteLine($"calibration: {metadata.Calibration.Mode}, {metadata.Calibration.Examples} questions");
            Console.WriteLine($"file: {options.IndexPath} ({new FileInfo(options.IndexPath).Length / 1024.0:0.0} KiB)");
            if (parse.GetValue(backend) == RetrievalBackend.Qdrant)
            {
                var url = parse.GetValue(qdrantUrl) ?? Environment.GetEnvironmentVariable("QDRANT_URL");
                if (string.IsNullOrWhiteSpace(url))
                {
                    Console.Error.WriteLine("--backend Qdrant needs --qdrant-url or QDRANT_URL.");
                    return 2;
                }

                var qdrant = new QdrantOptions { Endpoint = new Uri(url), ApiKey = Environment.GetEnvironmentVariable("QDRANT_API_KEY"), Collection = parse.GetValue(collection)! };
                using var index = new QdrantProcedureIndex(qdrant);
                await ProcedureIndexBuilder.WriteAsync(index, documents, embedder?.Dimensions ?? 0, recreate: true, cancellationToken);
                Console.WriteLine($"qdrant: {await index.CountAsync(cancellationToken)} points in {qdrant.Collection}");
            }

            Console.WriteLine($"index_ms: {elapsed.ToString("0.0", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    /// <summary><c>maroc eval retrieval &lt;file.tsv&gt;</c>: hit@1, hit@3 and MRR per language, out-of-scope refusals.</summary>
    public static Command CreateEvalRetrievalCommand()
    {
        var paths = new PathOptions();
        var file = new Argument<FileInfo>("file") { Description = "Rows procedure_id<TAB>language<TAB>question; procedure_id out-of-scope for questions to refuse." };
        var misses = new Option<bool>("--misses") { Description = "List every miss." };
        var command = new Command("retrieval", "Evaluate retrieval on labelled questions; the last line is `hit@3: <value>`.") { file };
        paths.AddTo(command);
        command.Options.Add(misses);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = paths.Read(parse);
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"No such file: {path.FullName}");
                return 2;
            }

            using var loggerFactory = CreateLoggerFactory();
            var search = await ProcedureSearchFactory.CreateAsync(options, logger: loggerFactory.CreateLogger("maroc.eval"), cancellationToken: cancellationToken);
            var questions = QuestionFiles.LoadEvaluation(path.FullName);
            var report = await RetrievalEvaluator.EvaluateAsync(search, questions, options, cancellationToken);
            Console.WriteLine($"backend: {search.Index.BackendName}, dense: {(search.Embedder is null ? "off" : search.Embedder.Fingerprint)}, calibration: {search.Calibration.Mode}");
            Console.WriteLine(report.Format(parse.GetValue(misses)));
            return 0;
        });
        return command;
    }

    /// <summary><c>maroc train encoder</c>: trains the dense encoder and writes models/encoder.onnx + encoder.json.</summary>
    public static Command CreateTrainEncoderCommand()
    {
        var paths = new PathOptions();
        var defaults = new EncoderTrainingOptions();
        var epochs = new Option<int>("--epochs") { Description = "Passes over the examples.", DefaultValueFactory = _ => defaults.Epochs };
        var dimensions = new Option<int>("--dimensions") { Description = "Embedding size.", DefaultValueFactory = _ => defaults.Dimensions };
        var buckets = new Option<int>("--buckets") { Description = "Hash buckets of the input.", DefaultValueFactory = _ => defaults.Buckets };
        var folds = new Option<int>("--folds") { Description = "Held-out folds for the calibration (0: none).", DefaultValueFactory = _ => defaults.Folds };
        var command = new Command("encoder", "Train the dense retrieval encoder on the corpus and corpus/questions; export it to ONNX.");
        paths.AddTo(command);
        command.Options.Add(epochs);
        command.Options.Add(dimensions);
        command.Options.Add(buckets);
        command.Options.Add(folds);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = paths.Read(parse);
            var training = defaults with
            {
                Epochs = parse.GetValue(epochs),
                Dimensions = parse.GetValue(dimensions),
                Buckets = parse.GetValue(buckets),
                Folds = parse.GetValue(folds),
            };
            if (training.Epochs < 1 || training.Dimensions < 2 || training.Buckets < 16)
            {
                Console.Error.WriteLine("--epochs ≥ 1, --dimensions ≥ 2 and --buckets ≥ 16 are required.");
                return 2;
            }

            var resources = RetrievalResources.Load(options.CorpusPath);
            var questions = QuestionFiles.LoadFolder(resources.QuestionsFolder);
            Console.WriteLine($"procedures: {resources.Corpus.Count}, questions: {questions.Count} ({questions.Count(q => q.IsOutOfScope)} out of scope)");
            var watch = Stopwatch.StartNew();
            var result = await EncoderTrainer.TrainWithCalibrationAsync(resources, questions, options, training, cancellationToken);
            EncoderTrainer.Export(result, training, options.ModelsPath);
            foreach (var (name, value) in result.Metrics)
            {
                Console.WriteLine($"{name}: {value.ToString(CultureInfo.InvariantCulture)}");
            }

            Console.WriteLine($"model: {Path.Combine(options.ModelsPath, EncoderMetadata.ModelFileName)} ({new FileInfo(Path.Combine(options.ModelsPath, EncoderMetadata.ModelFileName)).Length / 1024} KiB)");
            Console.WriteLine($"seconds: {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}");
            var heldOut = result.Metrics.GetValueOrDefault("heldout_hybrid_hit1");
            Console.WriteLine($"heldout_hit1: {heldOut.ToString("0.000", CultureInfo.InvariantCulture)}");
            return 0;
        });
        return command;
    }

    private static ILoggerFactory CreateLoggerFactory() =>
        LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));

    /// <summary>The --corpus, --models, --index and --no-dense options every retrieval command takes.</summary>
    private sealed class PathOptions
    {
        private readonly Option<string?> _corpus = new("--corpus") { Description = "Corpus folder (procedures/, lexicon/, questions/); default: corpus/ of the repository." };
        private readonly Option<string?> _models = new("--models") { Description = "Models folder; default: models/ of the repository." };
        private readonly Option<string?> _index = new("--index") { Description = "Embedded index file; default: <models>/procedures.index." };
        private readonly Option<bool> _noDense = new("--no-dense") { Description = "Sparse search only." };

        public void AddTo(Command command)
        {
            command.Options.Add(_corpus);
            command.Options.Add(_models);
            command.Options.Add(_index);
            command.Options.Add(_noDense);
        }

        public RetrievalOptions Read(ParseResult parse)
        {
            var root = FindRepositoryRoot();
            var models = parse.GetValue(_models) ?? Path.Combine(root, "models");
            var options = new RetrievalOptions
            {
                CorpusPath = parse.GetValue(_corpus) ?? Path.Combine(root, "corpus"),
                ModelsPath = models,
                IndexPath = parse.GetValue(_index) ?? Path.Combine(models, "procedures.index"),
                UseDense = !parse.GetValue(_noDense),
            };
            options.ThrowIfInvalid();
            return options;
        }

        private static string FindRepositoryRoot()
        {
            var dir = new DirectoryInfo(Directory.GetCurrentDirectory());
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MarocAssistant.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? Directory.GetCurrentDirectory();
        }
    }
}
