using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Dense;
using MarocAssistant.Retrieval.Embedded;
using MarocAssistant.Retrieval.Examples;
using MarocAssistant.Retrieval.Hybrid;
using MarocAssistant.Retrieval.Index;
using MarocAssistant.Retrieval.Search;
using MarocAssistant.Retrieval.Sparse;
using Xunit;

namespace MarocAssistant.Retrieval.Tests.Hybrid;

public sealed class HybridProcedureSearchTests
{
    private static readonly LabeledQuestion[] Questions =
    [
        new("passport-first", "ary-Latn", "bghit ndir lbasbor"),
        new("passport-first", "fr", "demande de passeport"),
        new("passport-first", "ary-Arab", "كيفاش ندير الباسبور"),
        new("cnie-first", "ary-Latn", "lakart nasyonal awel mra"),
        new("cnie-first", "fr", "première carte nationale"),
        new("cnie-first", "en", "how to get an identity card"),
        new("driving-licence-first", "ary-Latn", "bghit ndowz lpermis"),
        new("driving-licence-first", "fr", "passer le permis de conduire"),
        new("birth-certificate", "ary-Latn", "3a9d lazdiyad dyali"),
        new("birth-certificate", "en", "birth certificate copy"),
        new("criminal-record", "fr", "extrait de casier judiciaire"),
        new("criminal-record", "ary-Arab", "السجل العدلي"),
        new(null, "fr", "raconte-moi une blague"),
        new(null, "en", "what is the weather tomorrow"),
        new(null, "ary-Latn", "chkoun ghadi yrba7 lmatch"),
        new(null, "en", "recommend a good restaurant"),
        new(null, "fr", "quelle heure est-il"),
        new(null, "ary-Arab", "شنو كاين فالتلفزة اليوم"),
    ];

    [Fact]
    public async Task SearchAsync_InScopeQuestion_RanksProcedureFirstWithConfidence()
    {
        var search = await CreateAsync();

        var result = await search.SearchAsync(new SearchQuery("kifach ndir lbasbor jdid"), TestContext.Current.CancellationToken);

        Assert.Equal("passport-first", result.Top?.ProcedureId);
        Assert.InRange(result.Confidence, 0, 1);
        Assert.True(result.ChoiceConfidence >= result.Confidence);
    }

    [Fact]
    public async Task SearchAsync_EmptyText_IsEmpty()
    {
        var search = await CreateAsync();

        var result = await search.SearchAsync(new SearchQuery("  "), TestContext.Current.CancellationToken);

        Assert.Same(SearchResult.Empty, result);
    }

    [Fact]
    public async Task SearchAsync_BackendFails_FallsBackToEmbedded()
    {
        var (encoder, documents) = Build();
        var embedded = new EmbeddedProcedureIndex();
        embedded.Load(documents, 0);
        var search = new HybridProcedureSearch(encoder, new FailingIndex(), null, CalibrationFitter.Prior("sparse"), new RetrievalOptions(), embedded);

        var trace = await search.TraceAsync("passeport", 3, TestContext.Current.CancellationToken);

        Assert.True(trace.UsedFallback);
        Assert.Equal("passport-first", trace.Hits.Fused[0].Id);
    }

    [Fact]
    public async Task SearchAsync_EmbedderFails_SearchesSparseOnly()
    {
        var (encoder, documents) = Build();
        var embedded = new EmbeddedProcedureIndex();
        embedded.Load(documents, 0);
        var search = new HybridProcedureSearch(encoder, embedded, new FailingEmbedder(), CalibrationFitter.Prior("hybrid"), new RetrievalOptions());

        var trace = await search.TraceAsync("passeport", 3, TestContext.Current.CancellationToken);

        Assert.False(trace.UsedDense);
        Assert.Equal("passport-first", trace.Hits.Fused[0].Id);
    }

    [Fact]
    public async Task Calibration_FittedOnQuestions_RanksOutOfScopeBelowInScope()
    {
        var search = await CreateAsync();

        var inScope = await search.SearchAsync(new SearchQuery("extrait du casier judiciaire"), TestContext.Current.CancellationToken);
        var outOfScope = await search.SearchAsync(new SearchQuery("what is the capital of Japan"), TestContext.Current.CancellationToken);

        Assert.True(inScope.Confidence > outOfScope.Confidence, $"{inScope.Confidence} vs {outOfScope.Confidence}");
    }

    [Fact]
    public async Task SearchAsync_ManyThreadsAtOnce_SameResultsAsOneByOne()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (search, _, _) = await CreateWithRandomEncoderAsync(new RetrievalOptions());

        async Task<List<SearchResult>> SearchAllAsync()
        {
            var results = new List<SearchResult>();
            foreach (var question in Questions)
            {
                results.Add(await search.SearchAsync(new SearchQuery(question.Text), cancellationToken));
            }

            return results;
        }

        var expected = await SearchAllAsync();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SearchAllAsync, cancellationToken)));

        Assert.Contains(expected, r => r.Candidates.Count > 1);
        foreach (var results in concurrent)
        {
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Candidates, results[i].Candidates);
                Assert.Equal(expected[i].Confidence, results[i].Confidence);
                Assert.Equal(expected[i].ChoiceConfidence, results[i].ChoiceConfidence);
            }
        }
    }

    [Fact]
    public async Task TraceAsync_WithExamples_TheNearestQuestionsVoteAndJoinTheFusion()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var (search, encoder, embedder) = await CreateWithRandomEncoderAsync(new RetrievalOptions());
        var examples = ExampleIndex.Build(Questions, embedder, encoder, "test");
        var withExamples = new HybridProcedureSearch(encoder, search.Index, embedder, CalibrationFitter.Prior("hybrid"), new RetrievalOptions(), examples: examples);
        var withoutExamples = new HybridProcedureSearch(
            encoder, search.Index, embedder, CalibrationFitter.Prior("hybrid"), new RetrievalOptions { ExampleNeighbours = 0 }, examples: examples);

        // A training question is its own nearest neighbour, at cosine 1.
        var trace = await withExamples.TraceAsync("السجل العدلي", 5, cancellationToken);
        var plain = await withoutExamples.TraceAsync("السجل العدلي", 5, cancellationToken);

        Assert.Equal("criminal-record", trace.Hits.Examples[0].Id);
        Assert.Contains(trace.Hits.Fused, h => h.Id == "criminal-record");
        Assert.Empty(plain.Hits.Examples);
    }

    [Theory]
    [InlineData(0.9, 0.95, RetrievalDecision.Answer)]
    [InlineData(0.3, 0.8, RetrievalDecision.AskWhichOne)]
    [InlineData(0.1, 0.2, RetrievalDecision.OutOfScope)]
    public void Decide_Confidences_PickTheDecision(double top, double choice, RetrievalDecision expected)
    {
        var result = new SearchResult([new ScoredProcedure("a", 1), new ScoredProcedure("b", 0.9)], top) { ChoiceConfidence = choice };

        Assert.Equal(expected, result.Decide(new RetrievalOptions()));
    }

    [Fact]
    public void Decide_NoCandidates_IsOutOfScope()
    {
        Assert.Equal(RetrievalDecision.OutOfScope, SearchResult.Empty.Decide(new RetrievalOptions()));
    }

    [Fact]
    public void LogisticModel_SeparableData_PredictsBothSides()
    {
        double[][] x = [[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]];
        bool[] y = [false, false, false, true, true, true];

        var model = LogisticModel.Fit(x, y, l2: 0.1);

        Assert.True(model.Predict([0.95]) > 0.8);
        Assert.True(model.Predict([0.05]) < 0.2);
    }

    [Fact]
    public void Validate_BadThresholds_ListsEveryProblem()
    {
        var options = new RetrievalOptions { AnswerThreshold = 1.5, PrefetchLimit = 1, RrfK = 0, ExampleNeighbours = -1, EmbeddingEndpoint = new EmbeddingEndpointOptions() };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("AnswerThreshold", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("PrefetchLimit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RrfK", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("ExampleNeighbours", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BaseUrl", StringComparison.Ordinal));
        Assert.Throws<InvalidOperationException>(options.ThrowIfInvalid);
        Assert.Empty(new RetrievalOptions().Validate());
    }

    /// <summary>A search with a dense branch from a seeded random projection (no training needed).</summary>
    private static async Task<(HybridProcedureSearch Search, SparseEncoder Encoder, ManagedEncoderEmbedder Embedder)> CreateWithRandomEncoderAsync(RetrievalOptions options)
    {
        var (encoder, documents) = Build();
        var random = new Random(7);
        const int Buckets = 256, Dimensions = 8;
        var projection = Enumerable.Range(0, Buckets * Dimensions).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var embedder = new ManagedEncoderEmbedder(new EncoderModel(Buckets, Dimensions, projection, [], []), encoder);
        var withDense = new List<IndexDocument>();
        for (var i = 0; i < documents.Count; i++)
        {
            withDense.Add(documents[i] with { Dense = await embedder.EmbedProcedureAsync(TestCorpus.Records[i], TestContext.Current.CancellationToken) });
        }

        var index = new EmbeddedProcedureIndex();
        index.Load(withDense, Dimensions);
        return (new HybridProcedureSearch(encoder, index, embedder, CalibrationFitter.Prior("hybrid"), options), encoder, embedder);
    }

    private static (SparseEncoder, List<IndexDocument>) Build()
    {
        var encoder = TestCorpus.Encoder();
        var vectors = encoder.EncodeDocuments(TestCorpus.Records);
        return (encoder, TestCorpus.Records.Select((r, i) => new IndexDocument(r.Id, r.Category, ["fr"], null, vectors[i])).ToList());
    }

    private static async Task<HybridProcedureSearch> CreateAsync()
    {
        var (encoder, documents) = Build();
        var index = new EmbeddedProcedureIndex();
        index.Load(documents, 0);
        var options = new RetrievalOptions();
        var probe = new HybridProcedureSearch(encoder, index, null, CalibrationFitter.Prior("sparse"), options);
        var examples = new List<(LabeledQuestion, SearchTrace)>();
        foreach (var question in Questions)
        {
            examples.Add((question, await probe.TraceAsync(question.Text, 3, TestContext.Current.CancellationToken)));
        }

        return new HybridProcedureSearch(encoder, index, null, CalibrationFitter.Fit("sparse", examples), options);
    }

    private sealed class FailingIndex : IProcedureIndex
    {
        public string BackendName => "failing";

        public ValueTask EnsureCreatedAsync(int denseDimensions, bool recreate, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask UpsertAsync(IReadOnlyList<IndexDocument> documents, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask<long> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(0L);

        public ValueTask<HybridHits> QueryAsync(HybridQuery query, CancellationToken cancellationToken = default) =>
            throw new RetrievalBackendException("failing", "query", "down", true);
    }

    private sealed class FailingEmbedder : IEmbedder
    {
        public int Dimensions => 4;

        public string Fingerprint => "failing";

        public float[]? OutOfScopePrototype => null;

        public ValueTask<float[]> EmbedQueryAsync(string text, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("embedding endpoint down");

        public ValueTask<float[]> EmbedProcedureAsync(ProcedureRecord record, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("embedding endpoint down");
    }
}
