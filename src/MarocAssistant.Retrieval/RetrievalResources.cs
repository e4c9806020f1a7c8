using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Language.Normalization;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Sparse;

namespace MarocAssistant.Retrieval;

/// <summary>
/// Everything retrieval reads from the corpus folder: the procedures, the Arabizi rules, the lexicon and the
/// sparse encoder built from them, plus a fingerprint that changes whenever any of them (or the encoding code) does.
/// </summary>
public sealed class RetrievalResources
{
    /// <summary>Bump when the sparse encoding changes, so that stored indexes are rebuilt.</summary>
    public const int SparseEncodingVersion = 1;

    private RetrievalResources(ProcedureCorpus corpus, SparseEncoder sparse, string corpusRoot, string fingerprint)
    {
        Corpus = corpus;
        Sparse = sparse;
        CorpusRoot = corpusRoot;
        Fingerprint = fingerprint;
    }

    public ProcedureCorpus Corpus { get; }

    public SparseEncoder Sparse { get; }

    public string CorpusRoot { get; }

    public string Fingerprint { get; }

    public string QuestionsFolder => Path.Combine(CorpusRoot, "questions");

    /// <summary>Loads <c>procedures/</c>, <c>lexicon/arabizi.tsv</c> and <c>lexicon/terms.tsv</c> under a corpus folder.</summary>
    /// <param name="corpusRoot">The corpus folder.</param>
    /// <param name="settings">Sparse weights; the defaults when null.</param>
    /// <param name="corpus">The procedures, when the caller has already loaded them from the same folder (saves parsing the YAML twice).</param>
    public static RetrievalResources Load(string corpusRoot, SparseSettings? settings = null, ProcedureCorpus? corpus = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(corpusRoot);
        settings ??= new SparseSettings();
        corpus ??= ProcedureCorpus.LoadFolder(Path.Combine(corpusRoot, "procedures"));
        var lexiconFolder = Path.Combine(corpusRoot, "lexicon");
        var transliterator = ArabiziTransliterator.Load(Path.Combine(lexiconFolder, "arabizi.tsv"));
        var extractor = new TermExtractor(transliterator);
        var lexicon = Lexicon.Load(Path.Combine(lexiconFolder, "terms.tsv"), extractor);
        var fingerprint = ComputeFingerprint(corpusRoot, settings);
        return new RetrievalResources(corpus, new SparseEncoder(extractor, lexicon, settings), corpusRoot, fingerprint);
    }

    private static string ComputeFingerprint(string corpusRoot, SparseSettings settings)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"sparse-v{SparseEncodingVersion}|{settings}"));
        foreach (var folder in new[] { "procedures", "lexicon" })
        {
            var path = Path.Combine(corpusRoot, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path).Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".tsv", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file)));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
