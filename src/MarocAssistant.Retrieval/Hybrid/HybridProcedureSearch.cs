using System.Buffers;
using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Retrieval.Sparse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarocAssistant.Retrieval.Hybrid;

/// <summary>What one search saw: the hits of both branches and the features of its confidence.</summary>
public sealed record SearchTrace(HybridHits Hits, double[] Features, double Confidence, double ChoiceConfidence, bool UsedDense, bool UsedFallback);

/// <summary>
/// The retrieval stage: sparse (BM25 over normalised terms, n-grams and lexicon expansion) and dense (the encoder)
/// searches fused by reciprocal rank in the index, and a calibrated confidence for the decision step. When the
/// configured index or the embedder fails, it degrades: the embedded fallback index, or sparse alone.
/// </summary>
public sealed class HybridProcedureSearch : IProcedureSearch
{
    private readonly SparseEncoder _sparse;
    private readonly IProcedureIndex _index;
    private readonly IProcedureIndex? _fallback;
    private readonly IEmbedder? _embedder;
    private readonly ConfidenceCalibration _calibration;
    private readonly RetrievalOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, uint[]> _terms;
    private readonly HashSet<uint> _vocabulary;
    private readonly ExampleIndex? _examples;

    // The training questions searched are those of the first five procedures of each branch and the out-of-scope ones:
    // the same conversation figures as with the first 10 or 20 (2026-12-07), for a fraction of the rows read.
    private const int ExampleCandidates = 5;

    public HybridProcedureSearch(
        SparseEncoder sparse,
        IProcedureIndex index,
        IEmbedder? embedder,
        ConfidenceCalibration calibration,
        RetrievalOptions options,
        IProcedureIndex? fallback = null,
        ILogger? logger = null,
        IReadOnlyList<IndexDocument>? documents = null,
        ExampleIndex? examples = null)
    {
        ArgumentNullException.ThrowIfNull(sparse);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        _sparse = sparse;
        _index = index;
        _embedder = embedder;
        _calibration = calibration;
        _options = options;
        _fallback = fallback;
        _logger = logger ?? NullLogger.Instance;
        _examples = examples is { Count: > 0 } && options.ExampleNeighbours > 0 && examples.Dimensions == embedder?.Dimensions ? examples : null;

        // The indexed terms of each procedure, for the coverage features (known here whatever the backend).
        documents ??= (index as EmbeddedProcedureIndex)?.Documents ?? (fallback as EmbeddedProcedureIndex)?.Documents ?? [];
        _terms = documents.ToDictionary(d => d.Id, d => d.Sparse.Indices, StringComparer.Ordinal);
        _vocabulary = documents.SelectMany(d => d.Sparse.Indices).ToHashSet();
    }

    public IProcedureIndex Index => _index;

    public IEmbedder? Embedder => _embedder;

    public ConfidenceCalibration Calibration => _calibration;

    public RetrievalOptions Options => _options;

    /// <summary>The training questions searched as a third branch, when there are any.</summary>
    public ExampleIndex? Examples => _examples;

    public async ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            return SearchResult.Empty;
        }

        var trace = await TraceAsync(query.Text, Math.Max(query.Limit, _calibration.ChoiceCount), cancellationToken);
        if (trace.Hits.Fused.Count == 0)
        {
            return SearchResult.Empty;
        }

        var fused = trace.Hits.Fused;
        var take = Math.Clamp(query.Limit, 0, fused.Count);
        var candidates = new List<ScoredProcedure>(take);
        for (var i = 0; i < take; i++)
        {
            candidates.Add(new ScoredProcedure(fused[i].Id, fused[i].Score));
        }

        return new SearchResult(candidates, trace.Confidence) { ChoiceConfidence = trace.ChoiceConfidence };
    }

    /// <summary>The search with everything it saw, for evaluation and calibration.</summary>
    public async ValueTask<SearchTrace> TraceAsync(string text, int limit, CancellationToken cancellationToken = default)
    {
        var tokens = TextNormalizer.Tokenize(text);
        var sparse = _sparse.EncodeQuery(tokens);
        float[]? dense = null;
        if (_embedder is not null)
        {
            try
            {
                dense = _embedder is ISparseInputEmbedder fromTerms
                    ? fromTerms.EmbedSparse(sparse)
                    : await _embedder.EmbedQueryAsync(text, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Embedding failed; searching with sparse terms only.");
            }
        }

        var query = new HybridQuery(sparse, dense, Math.Max(limit, 1), _options.PrefetchLimit, _options.RrfK)
        {
            DenseWeight = (float)_options.DenseWeight,
        };
        HybridHits hits;
        var usedFallback = false;
        try
        {
            hits = _index is EmbeddedProcedureIndex embedded ? embedded.Query(query) : await _index.QueryAsync(query, cancellationToken);
        }
        catch (RetrievalBackendException ex) when (_fallback is not null)
        {
            _logger.LogWarning(ex, "Index backend {Backend} failed; using the embedded index.", ex.Backend);
            hits = await _fallback.QueryAsync(query, cancellationToken);
            usedFallback = true;
        }

        if (dense is not null && _examples is not null && hits.Fused.Count > 0)
        {
            var candidates = new List<string>(2 * ExampleCandidates);
            AddIds(candidates, hits.Sparse);
            AddIds(candidates, hits.Dense);
            hits = WithExamples(hits, _examples.Vote(dense, candidates, _options.ExampleNeighbours, _options.PrefetchLimit), query);
        }

        var features = new double[ConfidenceCalibration.FeatureCount];
        var outOfScope = 0.0;
        if (dense is not null && _embedder?.OutOfScopePrototype is { } prototype && prototype.Length == dense.Length)
        {
            outOfScope = OutOfScopeSimilarity(dense, prototype);
        }

        ConfidenceCalibration.Features(hits, sparse.Sum(), outOfScope, Coverage(tokens, hits), features);
        var (top, choice) = hits.Fused.Count == 0 ? (0, 0) : _calibration.Predict(features);
        return new SearchTrace(hits, features, top, Math.Max(top, choice), dense is not null, usedFallback);
    }

    /// <summary>
    /// The index's two branches fused again with the training questions' votes, by the same reciprocal-rank formula
    /// the index uses (in process whatever the backend: the examples are not in the remote index).
    /// </summary>
    private HybridHits WithExamples(HybridHits hits, List<IndexHit> votes, HybridQuery query)
    {
        var prefetch = query.PrefetchLimit;
        var fused = ReciprocalRankFusion.Fuse(
            [Prefix(hits.Sparse, prefetch), Prefix(hits.Dense, prefetch), votes],
            [1f, query.DenseWeight, (float)_options.ExampleWeight],
            query.RrfK,
            query.Limit);
        return hits with { Fused = fused, Examples = votes };
    }

    // The first ExampleCandidates procedures of a branch (a loop: this runs on every search turn).
    private static void AddIds(List<string> ids, IReadOnlyList<IndexHit> hits)
    {
        for (var i = 0; i < hits.Count && i < ExampleCandidates; i++)
        {
            ids.Add(hits[i].Id);
        }
    }

    private static IReadOnlyList<IndexHit> Prefix(IReadOnlyList<IndexHit> hits, int count) =>
        hits.Count <= count ? hits : hits.Take(count).ToList();

    /// <summary>The cosine of the query embedding to the out-of-scope prototype (a unit vector).</summary>
    private static float OutOfScopeSimilarity(float[] dense, float[] prototype)
    {
        var unit = ArrayPool<float>.Shared.Rent(dense.Length);
        try
        {
            var q = unit.AsSpan(0, dense.Length);
            EmbeddedProcedureIndex.Normalize(dense, q);
            return EmbeddedProcedureIndex.Dot(q, prototype);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(unit);
        }
    }

    /// <summary>
    /// Of the question's content words, the share that the first candidate contains (as the word or its skeleton),
    /// and the share any procedure contains. "What is the capital of Australia" matches one word of two.
    /// </summary>
    private (double Top, double Corpus) Coverage(List<TextToken> tokens, HybridHits hits)
    {
        var top = hits.Fused.Count > 0 && _terms.TryGetValue(hits.Fused[0].Id, out var terms) ? terms : [];
        int content = 0, inTop = 0, inCorpus = 0;
        Span<char> buffer = stackalloc char[TermExtractor.SkeletonBufferLength];
        foreach (var token in tokens)
        {
            if (token.Script == TokenScript.Number || token.Text.Length < 2 || StopWords.Contains(token.Text))
            {
                continue;
            }

            content++;
            var word = TermExtractor.Hash(TermView.Word, token.Text);
            var skeleton = _sparse.Extractor.SkeletonOf(token, buffer);
            var skeletonTerm = skeleton.Length >= 2 ? TermExtractor.Hash(TermView.Skeleton, skeleton) : word;
            inTop += Array.BinarySearch(top, word) >= 0 || Array.BinarySearch(top, skeletonTerm) >= 0 ? 1 : 0;
            inCorpus += _vocabulary.Contains(word) || _vocabulary.Contains(skeletonTerm) ? 1 : 0;
        }

        return content == 0 ? (0, 0) : ((double)inTop / content, (double)inCorpus / content);
    }
}
