using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Retrieval.Sparse;

/// <summary>Weights of the sparse (BM25F) encoding. The defaults were tuned on corpus/questions.</summary>
public sealed record SparseSettings
{
    public float K1 { get; init; } = 1.2f;

    public float B { get; init; } = 0.5f;

    public float TitleWeight { get; init; } = 3f;

    public float AliasWeight { get; init; } = 3f;

    public float VariantWeight { get; init; } = 2f;

    public float SummaryWeight { get; init; } = 1.5f;

    public float AdministrationWeight { get; init; } = 1f;

    public float StepWeight { get; init; } = 0.6f;

    public float DocumentWeight { get; init; } = 0.3f;

    public float WordViewWeight { get; init; } = 1f;

    public float SkeletonViewWeight { get; init; } = 0.8f;

    public float GramViewWeight { get; init; } = 0.25f;

    public float SkeletonGramViewWeight { get; init; } = 0.2f;

    /// <summary>Weight of a lexicon form the citizen did not write, shared among the concept's forms.</summary>
    public float ExpansionWeight { get; init; } = 0.6f;

    public float ViewWeight(TermView view) => view switch
    {
        TermView.Word => WordViewWeight,
        TermView.Skeleton => SkeletonViewWeight,
        TermView.Gram => GramViewWeight,
        _ => SkeletonGramViewWeight,
    };
}

/// <summary>
/// Encodes procedures and questions as sparse vectors: BM25F-saturated term frequencies over every language
/// block of a record (titles and aliases count most), and weighted query terms expanded through the lexicon.
/// The index multiplies them with the IDF, so the same vectors serve the embedded index and Qdrant.
/// </summary>
public sealed class SparseEncoder
{
    private readonly Func<TermView, float> _viewWeight;

    public SparseEncoder(TermExtractor extractor, Lexicon lexicon, SparseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Extractor = extractor;
        Lexicon = lexicon;
        Settings = settings;
        _viewWeight = settings.ViewWeight;
    }

    public TermExtractor Extractor { get; }

    public Lexicon Lexicon { get; }

    public SparseSettings Settings { get; }

    /// <summary>One vector per record, in order; saturation uses the average length of these records.</summary>
    public IReadOnlyList<SparseVector> EncodeDocuments(IReadOnlyList<ProcedureRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var bags = records.Select(DocumentFrequencies).ToList();
        var lengths = bags.Select(b => b.Values.Sum()).ToList();
        var average = lengths.Count == 0 ? 1f : Math.Max(1f, lengths.Average());
        var vectors = new List<SparseVector>(bags.Count);
        for (var i = 0; i < bags.Count; i++)
        {
            var saturated = new Dictionary<uint, float>(bags[i].Count);
            foreach (var (term, tf) in bags[i])
            {
                saturated[term] = Bm25.Saturate(tf, lengths[i], average, Settings.K1, Settings.B);
            }

            vectors.Add(SparseVector.FromBag(saturated));
        }

        return vectors;
    }

    /// <summary>The weighted terms of a question, with lexicon expansion.</summary>
    public SparseVector EncodeQuery(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EncodeQuery(TextNormalizer.Tokenize(text));
    }

    public SparseVector EncodeQuery(IReadOnlyList<TextToken> tokens)
    {
        // The term list and the bag are this thread's scratch collections, returned empty when done.
        var terms = ThreadScratch.TakeTerms();
        var bag = ThreadScratch.TakeTermWeights();
        try
        {
            Extractor.Extract(tokens, terms);
            foreach (var (term, view) in terms)
            {
                bag[term] = bag.GetValueOrDefault(term) + Settings.ViewWeight(view);
            }

            var matches = Lexicon.Match(tokens, Extractor);
            if (matches.Count > 0)
            {
                Lexicon.Expand(matches, bag, Settings.ExpansionWeight, _viewWeight);
            }

            return SparseVector.FromBag(bag);
        }
        finally
        {
            ThreadScratch.Return(terms);
            ThreadScratch.Return(bag);
        }
    }

    private Dictionary<uint, float> DocumentFrequencies(ProcedureRecord record)
    {
        var bag = new Dictionary<uint, float>();
        var terms = new List<(uint Term, TermView View)>();

        void Add(string? text, float weight)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            terms.Clear();
            Extractor.Extract(text, terms);
            foreach (var (term, _) in terms)
            {
                bag[term] = bag.GetValueOrDefault(term) + weight;
            }
        }

        foreach (var (language, block) in record.Blocks())
        {
            Add(block.Title, Settings.TitleWeight);
            foreach (var alias in block.Aliases)
            {
                Add(alias, Settings.AliasWeight);
            }

            Add(block.Summary, Settings.SummaryWeight);
            foreach (var step in block.Steps)
            {
                Add(step, Settings.StepWeight);
            }

            foreach (var document in block.Documents)
            {
                Add(document, Settings.DocumentWeight);
            }

            Add(LocalizedOrNull(record.Variant.Label, language), Settings.VariantWeight);
            Add(LocalizedOrNull(record.Administration, language), Settings.AdministrationWeight);
        }

        return bag;
    }

    private static string? LocalizedOrNull(Localized localized, RecordLanguage language) => language switch
    {
        RecordLanguage.Fr => localized.Fr,
        RecordLanguage.Ar => localized.Ar,
        RecordLanguage.Ary => localized.Ary,
        RecordLanguage.AryLatn => localized.AryLatn,
        RecordLanguage.En => localized.En,
        _ => null,
    };
}
