using System.Globalization;
using System.Text;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Retrieval.Search;

/// <summary>
/// The simplest real search: word overlap between the question and each record's titles and aliases,
/// in every language, with accents and case folded. The hybrid search replaces it; it stays as a baseline.
/// </summary>
public sealed class KeywordProcedureSearch : IProcedureSearch
{
    private readonly List<(string Id, HashSet<string> Words, List<string[]> Phrases)> _entries = [];

    public KeywordProcedureSearch(ProcedureCorpus corpus)
    {
        foreach (var record in corpus.Records)
        {
            var words = new HashSet<string>(StringComparer.Ordinal);
            var phrases = new List<string[]>();
            foreach (var (_, block) in record.Blocks())
            {
                foreach (var name in block.Aliases.Append(block.Title))
                {
                    var tokens = Tokenize(name);
                    phrases.Add(tokens);
                    words.UnionWith(tokens.Where(t => t.Length > 2));
                }
            }

            _entries.Add((record.Id, words, phrases));
        }
    }

    public ValueTask<SearchResult> SearchAsync(SearchQuery query, CancellationToken cancellationToken = default)
    {
        var tokens = Tokenize(query.Text);
        var joined = " " + string.Join(' ', tokens) + " ";
        var scored = new List<ScoredProcedure>();
        foreach (var (id, words, phrases) in _entries)
        {
            double score = tokens.Count(words.Contains);
            foreach (var phrase in phrases)
            {
                // A whole alias found in the question counts more than scattered words.
                if (phrase.Length > 0 && joined.Contains(" " + string.Join(' ', phrase) + " ", StringComparison.Ordinal))
                {
                    score += phrase.Length * 2;
                }
            }

            if (score > 0)
            {
                scored.Add(new ScoredProcedure(id, score));
            }
        }

        var ranked = scored.OrderByDescending(s => s.Score).ThenBy(s => s.ProcedureId, StringComparer.Ordinal).Take(query.Limit).ToList();
        if (ranked.Count == 0)
        {
            return ValueTask.FromResult(SearchResult.Empty);
        }

        var margin = ranked.Count > 1 ? ranked[0].Score - ranked[1].Score : ranked[0].Score;
        var confidence = Math.Clamp((0.3 * ranked[0].Score + margin) / 6.0, 0, 1);
        return ValueTask.FromResult(new SearchResult(ranked, confidence));
    }

    internal static string[] Tokenize(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
