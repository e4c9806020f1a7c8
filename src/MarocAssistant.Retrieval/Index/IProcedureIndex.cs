using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval.Index;

/// <summary>
/// Where procedure vectors live and are searched: one point per procedure with a named dense vector, a sparse
/// vector (IDF applied by the index) and a payload. Implementations: <c>EmbeddedProcedureIndex</c> (in process,
/// exact) and the Qdrant backend. Every implementation passes the same conformance suite. Thread-safe.
/// </summary>
public interface IProcedureIndex
{
    /// <summary>A short name for logs and errors ("embedded", "qdrant").</summary>
    string BackendName { get; }

    /// <summary>Creates the collection when missing; with <paramref name="recreate"/>, drops what was there first.</summary>
    ValueTask EnsureCreatedAsync(int denseDimensions, bool recreate, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces documents by id; returns once they are searchable.</summary>
    ValueTask UpsertAsync(IReadOnlyList<IndexDocument> documents, CancellationToken cancellationToken = default);

    ValueTask<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>Sparse and dense searches (prefetch) fused by reciprocal rank, plus each branch's own ranking.</summary>
    ValueTask<HybridHits> QueryAsync(HybridQuery query, CancellationToken cancellationToken = default);
}

/// <summary>One procedure as stored in an index.</summary>
/// <param name="Id">The procedure id (backends may derive their own point id from it).</param>
/// <param name="Category">The record category, a filterable payload field.</param>
/// <param name="Languages">The record languages present (fr, ar, ary, ary_latn, en), a filterable payload field.</param>
/// <param name="Dense">The dense vector, or null when the index has none.</param>
/// <param name="Sparse">Saturated term frequencies.</param>
public sealed record IndexDocument(string Id, string Category, IReadOnlyList<string> Languages, float[]? Dense, SparseVector Sparse);

/// <summary>Restricts a search to some procedures.</summary>
/// <param name="Category">Only this category, when set.</param>
/// <param name="Language">Only records written in this record language, when set.</param>
public sealed record IndexFilter(string? Category = null, string? Language = null)
{
    public bool IsEmpty => Category is null && Language is null;

    public bool Matches(IndexDocument document) =>
        (Category is null || document.Category == Category) && (Language is null || document.Languages.Contains(Language));
}

/// <summary>A hybrid search.</summary>
/// <param name="Sparse">The query's weighted terms.</param>
/// <param name="Dense">The query embedding, or null for a sparse-only search.</param>
/// <param name="Limit">How many fused results.</param>
/// <param name="PrefetchLimit">How many results each branch contributes to the fusion.</param>
/// <param name="RrfK">The reciprocal-rank constant; Qdrant's default is 2.</param>
/// <param name="Filter">Optional payload filter, applied in both branches.</param>
public sealed record HybridQuery(SparseVector Sparse, float[]? Dense, int Limit, int PrefetchLimit = 20, int RrfK = 2, IndexFilter? Filter = null)
{
    /// <summary>Weight of the dense branch in the fusion (the sparse branch weighs 1); 1 is plain RRF.</summary>
    public float DenseWeight { get; init; } = 1f;
}

/// <summary>A scored point.</summary>
public sealed record IndexHit(string Id, double Score);

/// <summary>What a hybrid search found.</summary>
/// <param name="Fused">Best first, by fused score.</param>
/// <param name="Sparse">The sparse branch alone, best first (IDF-weighted dot product).</param>
/// <param name="Dense">The dense branch alone, best first (cosine), empty without a dense query.</param>
public sealed record HybridHits(IReadOnlyList<IndexHit> Fused, IReadOnlyList<IndexHit> Sparse, IReadOnlyList<IndexHit> Dense)
{
    /// <summary>The procedures of the training questions nearest to the query (a third branch, fused by the search), best first.</summary>
    public IReadOnlyList<IndexHit> Examples { get; init; } = [];

    public static HybridHits Empty { get; } = new([], [], []);
}

/// <summary>A failure of an index backend (unreachable, refused, malformed answer), whatever the backend.</summary>
public sealed class RetrievalBackendException : Exception
{
    public RetrievalBackendException()
    {
    }

    public RetrievalBackendException(string message)
        : base(message)
    {
    }

    public RetrievalBackendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RetrievalBackendException(string backend, string operation, string message, bool isTransient, Exception? innerException = null)
        : base($"{backend} {operation} failed: {message}", innerException)
    {
        Backend = backend;
        Operation = operation;
        IsTransient = isTransient;
    }

    public string Backend { get; } = "";

    public string Operation { get; } = "";

    /// <summary>True when retrying later may succeed (timeouts, 5xx, 429).</summary>
    public bool IsTransient { get; }
}
