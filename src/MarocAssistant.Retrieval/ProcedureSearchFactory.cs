using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Retrieval;

/// <summary>
/// Builds the default <see cref="Search.IProcedureSearch"/> from the corpus and models folders: the embedded index
/// (loaded from <see cref="RetrievalOptions.IndexPath"/> when it is fresh, else built in memory), the dense branch
/// when a model is there, a calibration, and, for <see cref="RetrievalBackend.Qdrant"/>, the remote index with the
/// embedded one as fallback. The host and the CLI both start retrieval through here.
/// </summary>
public static class ProcedureSearchFactory
{
    /// <param name="options">Validated here.</param>
    /// <param name="remoteIndex">The Qdrant index when <see cref="RetrievalOptions.Backend"/> is Qdrant (from MarocAssistant.Retrieval.Qdrant).</param>
    /// <param name="embedder">A dense embedder to use; null resolves one from the options and the models folder.</param>
    /// <param name="logger">Where degradations are reported.</param>
    /// <param name="corpus">The procedures if already loaded from <see cref="RetrievalOptions.CorpusPath"/>; null loads them.</param>
    /// <param name="resources">The corpus's retrieval resources if already loaded (the host shares them with the dialog); null loads them.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<HybridProcedureSearch> CreateAsync(
        RetrievalOptions options,
        IProcedureIndex? remoteIndex = null,
        IEmbedder? embedder = null,
        ILogger? logger = null,
        ProcedureCorpus? corpus = null,
        RetrievalResources? resources = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        logger ??= NullLogger.Instance;
        if (options.Backend == RetrievalBackend.Qdrant && remoteIndex is null)
        {
            throw new InvalidOperationException("Retrieval:Backend is Qdrant but no Qdrant index was given (MarocAssistant.Retrieval.Qdrant).");
        }

        resources ??= RetrievalResources.Load(options.CorpusPath, corpus: corpus);
        embedder ??= await EmbedderLoader.LoadAsync(options, resources.Sparse, logger, cancellationToken);
        var (documents, calibration, examples) = await LoadOrBuildAsync(options, resources, embedder, logger, cancellationToken);
        var embedded = new EmbeddedProcedureIndex();
        embedded.Load(documents, embedder?.Dimensions ?? 0);

        IProcedureIndex index = embedded;
        if (remoteIndex is not null && options.Backend == RetrievalBackend.Qdrant)
        {
            try
            {
                await ProcedureIndexBuilder.WriteAsync(remoteIndex, documents, embedder?.Dimensions ?? 0, recreate: false, cancellationToken);
                index = remoteIndex;
            }
            catch (RetrievalBackendException ex)
            {
                logger.LogWarning(ex, "Qdrant is not usable at start-up; searching the embedded index.");
            }
        }

        return new HybridProcedureSearch(resources.Sparse, index, embedder, calibration, options, index == embedded ? null : embedded, logger, documents, examples);
    }

    /// <summary>
    /// The same, for synchronous composition roots (a DI singleton factory). Safe to block on: nothing here needs a
    /// synchronization context, and with the embedded index and the trained encoder every step completes inline.
    /// </summary>
    public static HybridProcedureSearch Create(
        RetrievalOptions options, IProcedureIndex? remoteIndex = null, ILogger? logger = null, ProcedureCorpus? corpus = null, RetrievalResources? resources = null) =>
        CreateAsync(options, remoteIndex, null, logger, corpus, resources).GetAwaiter().GetResult();

    /// <summary>
    /// Builds the index documents and a calibration, and writes the embedded index file (what <c>maroc index</c> does).
    /// </summary>
    public static async Task<(IReadOnlyList<IndexDocument> Documents, IndexMetadata Metadata)> BuildIndexFileAsync(
        RetrievalOptions options,
        IEmbedder? embedder,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var resources = RetrievalResources.Load(options.CorpusPath);
        var documents = await ProcedureIndexBuilder.DocumentsAsync(resources, embedder, cancellationToken);
        var calibration = await CalibrateAsync(options, resources, documents, embedder, logger, cancellationToken);
        var examples = BuildExamples(resources, embedder, ExamplesFingerprint(options, resources, embedder));
        var metadata = new IndexMetadata
        {
            CorpusFingerprint = resources.Fingerprint,
            EncoderFingerprint = embedder?.Fingerprint ?? "none",
            Calibration = calibration,
            BuiltAt = DateTimeOffset.UtcNow,
            DenseDimensions = embedder?.Dimensions ?? 0,
        };
        EmbeddedIndexFile.Save(options.IndexPath, documents, metadata, examples);
        return (documents, metadata);
    }

    private static async Task<(IReadOnlyList<IndexDocument>, ConfidenceCalibration, ExampleIndex?)> LoadOrBuildAsync(
        RetrievalOptions options,
        RetrievalResources resources,
        IEmbedder? embedder,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var file = EmbeddedIndexFile.TryLoad(options.IndexPath);
        var encoderFingerprint = embedder?.Fingerprint ?? "none";
        var examplesFingerprint = ExamplesFingerprint(options, resources, embedder);
        if (file is { } loaded && loaded.Metadata.CorpusFingerprint == resources.Fingerprint && loaded.Metadata.EncoderFingerprint == encoderFingerprint
            && loaded.Metadata.Calibration.Top.Weights.Length == ConfidenceCalibration.FeatureCount
            && (examplesFingerprint is null || loaded.Examples?.Fingerprint == examplesFingerprint))
        {
            return (loaded.Documents, loaded.Metadata.Calibration, examplesFingerprint is null ? null : loaded.Examples);
        }

        logger.LogInformation("Index file {Path} is missing or stale; building the index in memory.", options.IndexPath);
        var documents = await ProcedureIndexBuilder.DocumentsAsync(resources, embedder, cancellationToken);
        var calibration = await CalibrateAsync(options, resources, documents, embedder, logger, cancellationToken);
        return (documents, calibration, BuildExamples(resources, embedder, examplesFingerprint));
    }

    /// <summary>
    /// The training questions embedded by the trained encoder, for the search's third branch; <paramref name="fingerprint"/>
    /// is <see cref="ExamplesFingerprint"/>, null when the branch is off or the embedder is another one (an embeddings
    /// endpoint would be called once per question at start-up).
    /// </summary>
    private static ExampleIndex? BuildExamples(RetrievalResources resources, IEmbedder? embedder, string? fingerprint)
    {
        if (fingerprint is null || embedder is not ISparseInputEmbedder encoder)
        {
            return null;
        }

        var questions = QuestionFiles.LoadFolder(resources.QuestionsFolder);
        return questions.Count == 0 ? null : ExampleIndex.Build(questions, encoder, resources.Sparse, fingerprint);
    }

    /// <summary>What the examples of an index file must have been built from; null when the search uses none.</summary>
    private static string? ExamplesFingerprint(RetrievalOptions options, RetrievalResources resources, IEmbedder? embedder) =>
        options.ExampleNeighbours > 0 && embedder is ISparseInputEmbedder
        && Directory.Exists(resources.QuestionsFolder) && Directory.EnumerateFiles(resources.QuestionsFolder, "*.tsv").Any()
            ? ExampleIndex.FingerprintOf(resources.QuestionsFolder, embedder.Fingerprint)
            : null;

    /// <summary>
    /// The trained encoder brings a calibration fitted on held-out folds (its own questions would look too easy);
    /// otherwise the calibration is fitted on corpus/questions, which the sparse index has never seen.
    /// </summary>
    private static async Task<ConfidenceCalibration> CalibrateAsync(
        RetrievalOptions options,
        RetrievalResources resources,
        IReadOnlyList<IndexDocument> documents,
        IEmbedder? embedder,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (embedder is ICalibratedEmbedder { Calibration: { } own } && own.Top.Weights.Length == ConfidenceCalibration.FeatureCount)
        {
            return own;
        }

        var mode = embedder is null ? "sparse" : "hybrid";
        var questions = QuestionFiles.LoadFolder(resources.QuestionsFolder);
        if (questions.Count == 0 || questions.All(q => q.IsOutOfScope) || questions.All(q => !q.IsOutOfScope))
        {
            logger.LogWarning("No in-scope and out-of-scope questions under {Folder}; using a prior calibration.", resources.QuestionsFolder);
            return CalibrationFitter.Prior(mode);
        }

        var index = new EmbeddedProcedureIndex();
        index.Load(documents, embedder?.Dimensions ?? 0);
        var search = new HybridProcedureSearch(resources.Sparse, index, embedder, CalibrationFitter.Prior(mode), options.PlainFusion());
        var examples = new List<(LabeledQuestion, SearchTrace)>(questions.Count);
        foreach (var question in questions)
        {
            examples.Add((question, await search.TraceAsync(question.Text, options.MaxChoices, cancellationToken)));
        }

        try
        {
            return CalibrationFitter.Fit(mode, examples, options.MaxChoices);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning(ex, "Calibration could not be fitted; using a prior calibration.");
            return CalibrationFitter.Prior(mode);
        }
    }
}
