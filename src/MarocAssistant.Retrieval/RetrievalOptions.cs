namespace MarocAssistant.Retrieval;

/// <summary>Which index holds the procedures.</summary>
public enum RetrievalBackend
{
    /// <summary>In process, exact, from a file (the default).</summary>
    Embedded,

    /// <summary>A Qdrant server over gRPC (Qdrant.Client); the embedded index stays as the fallback.</summary>
    Qdrant,
}

/// <summary>What the decision step does with a search result.</summary>
public enum RetrievalDecision
{
    /// <summary>The first candidate is right with high confidence: answer it.</summary>
    Answer,

    /// <summary>The right one is probably among the first candidates: ask which.</summary>
    AskWhichOne,

    /// <summary>No procedure fits: say so.</summary>
    OutOfScope,
}

/// <summary>Retrieval settings (configuration section <c>Retrieval</c>). Call <see cref="Validate"/> on start.</summary>
public sealed class RetrievalOptions
{
    public const string SectionName = "Retrieval";

    public RetrievalBackend Backend { get; set; } = RetrievalBackend.Embedded;

    /// <summary>The procedures folder (<c>corpus/procedures</c>); the lexicon and questions sit beside it.</summary>
    public string CorpusPath { get; set; } = "corpus";

    /// <summary>The models folder, with <c>encoder.onnx</c> and <c>encoder.json</c> when trained.</summary>
    public string ModelsPath { get; set; } = "models";

    /// <summary>The embedded index file written by <c>maroc index</c>; rebuilt in memory when missing or stale.</summary>
    public string IndexPath { get; set; } = "models/procedures.index";

    /// <summary>Use the dense encoder when its model is present.</summary>
    public bool UseDense { get; set; } = true;

    /// <summary>
    /// Answer directly when the top candidate's confidence reaches this. With <see cref="ChoiceThreshold"/>, chosen on
    /// held-out folds of corpus/questions: 89% of out-of-scope questions refused, 4.5% of in-scope ones.
    /// </summary>
    public double AnswerThreshold { get; set; } = 0.7;

    /// <summary>Below <see cref="AnswerThreshold"/>, ask which one when the choice confidence reaches this; else out of scope.</summary>
    public double ChoiceThreshold { get; set; } = 0.8;

    /// <summary>How many candidates a "which one?" question offers.</summary>
    public int MaxChoices { get; set; } = 3;

    /// <summary>How many candidates a search returns by default.</summary>
    public int CandidateLimit { get; set; } = 5;

    /// <summary>How many results each branch (sparse, dense) brings to the fusion.</summary>
    public int PrefetchLimit { get; set; } = 20;

    /// <summary>Reciprocal-rank fusion constant; Qdrant's default is 2.</summary>
    public int RrfK { get; set; } = 2;

    /// <summary>
    /// Weight of the dense branch in the fusion; 1 is plain RRF. A little above 1 breaks the ties of plain RRF (each
    /// branch's first is the other's second) for the dense branch, which is right more often on held-out questions
    /// (dense hit@1 0.89 against 0.82 fused); 1.25 to 1.75 gave the same conversation dev figure (2026-12-07: 0.9222 → 0.9259).
    /// </summary>
    public double DenseWeight { get; set; } = 1.25;

    /// <summary>
    /// How many of the nearest training questions vote in the third branch of the fusion (with the trained encoder
    /// only); 0 leaves it out.
    /// </summary>
    public int ExampleNeighbours { get; set; } = 5;

    /// <summary>Weight of the training-question branch in the fusion.</summary>
    public double ExampleWeight { get; set; } = 1.0;

    /// <summary>An OpenAI-compatible <c>/v1/embeddings</c> endpoint used instead of the trained encoder, when set.</summary>
    public EmbeddingEndpointOptions? EmbeddingEndpoint { get; set; }

    /// <summary>
    /// These settings with the plain two-branch fusion (dense weight 1, no training-question branch): what the
    /// shipped calibration was fitted on.
    /// </summary>
    public RetrievalOptions PlainFusion()
    {
        var plain = (RetrievalOptions)MemberwiseClone();
        plain.DenseWeight = 1.0;
        plain.ExampleNeighbours = 0;
        return plain;
    }

    /// <summary>Every problem with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Backend))
        {
            errors.Add($"Retrieval:Backend must be Embedded or Qdrant, not {Backend}.");
        }

        if (string.IsNullOrWhiteSpace(CorpusPath))
        {
            errors.Add("Retrieval:CorpusPath is required.");
        }

        if (string.IsNullOrWhiteSpace(ModelsPath))
        {
            errors.Add("Retrieval:ModelsPath is required.");
        }

        if (string.IsNullOrWhiteSpace(IndexPath))
        {
            errors.Add("Retrieval:IndexPath is required.");
        }

        if (AnswerThreshold is < 0 or > 1 || double.IsNaN(AnswerThreshold))
        {
            errors.Add("Retrieval:AnswerThreshold must be between 0 and 1.");
        }

        if (ChoiceThreshold is < 0 or > 1 || double.IsNaN(ChoiceThreshold))
        {
            errors.Add("Retrieval:ChoiceThreshold must be between 0 and 1.");
        }

        if (MaxChoices is < 2 or > 10)
        {
            errors.Add("Retrieval:MaxChoices must be between 2 and 10.");
        }

        if (CandidateLimit is < 1 or > 100)
        {
            errors.Add("Retrieval:CandidateLimit must be between 1 and 100.");
        }

        if (PrefetchLimit < CandidateLimit || PrefetchLimit > 1000)
        {
            errors.Add("Retrieval:PrefetchLimit must be at least CandidateLimit and at most 1000.");
        }

        if (RrfK < 1)
        {
            errors.Add("Retrieval:RrfK must be at least 1.");
        }

        if (ExampleNeighbours is < 0 or > 100)
        {
            errors.Add("Retrieval:ExampleNeighbours must be between 0 and 100.");
        }

        if (ExampleWeight is <= 0 or > 10 || double.IsNaN(ExampleWeight))
        {
            errors.Add("Retrieval:ExampleWeight must be above 0 and at most 10.");
        }

        if (DenseWeight is <= 0 or > 10 || double.IsNaN(DenseWeight))
        {
            errors.Add("Retrieval:DenseWeight must be above 0 and at most 10.");
        }

        if (EmbeddingEndpoint is not null)
        {
            errors.AddRange(EmbeddingEndpoint.Validate());
        }

        return errors;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> listing every problem.</summary>
    public void ThrowIfInvalid()
    {
        var errors = Validate();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Invalid retrieval settings: " + string.Join(" ", errors));
        }
    }
}

/// <summary>An OpenAI-compatible embeddings endpoint (Ollama, vLLM, LocalAI, OpenAI...).</summary>
public sealed class EmbeddingEndpointOptions
{
    /// <summary>The base URL, e.g. <c>http://127.0.0.1:11434/v1/</c>; <c>embeddings</c> is appended.</summary>
    public Uri? BaseUrl { get; set; }

    public string Model { get; set; } = "";

    public string? ApiKey { get; set; }

    /// <summary>Requested size, for models that support shortening; null for the model's own.</summary>
    public int? Dimensions { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BaseUrl is null || !BaseUrl.IsAbsoluteUri || BaseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add("Retrieval:EmbeddingEndpoint:BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("Retrieval:EmbeddingEndpoint:Model is required.");
        }

        if (Dimensions is <= 0)
        {
            errors.Add("Retrieval:EmbeddingEndpoint:Dimensions must be positive when set.");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add("Retrieval:EmbeddingEndpoint:Timeout must be positive.");
        }

        return errors;
    }
}

/// <summary>Turns a search result into the decision step's choice.</summary>
public static class RetrievalDecisions
{
    public static RetrievalDecision Decide(this Search.SearchResult result, RetrievalOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        if (result.Candidates.Count == 0)
        {
            return RetrievalDecision.OutOfScope;
        }

        if (result.Confidence >= options.AnswerThreshold)
        {
            return RetrievalDecision.Answer;
        }

        return result.Candidates.Count > 1 && result.ChoiceConfidence >= options.ChoiceThreshold
            ? RetrievalDecision.AskWhichOne
            : RetrievalDecision.OutOfScope;
    }
}
