using System.Text;
using System.Text.RegularExpressions;
using MarocAssistant.Language.Detection;

namespace MarocAssistant.Training.LangId;

/// <summary>A topic phrase ("جواز السفر") and whether it is a Darija-only loanword ("الباسبور").</summary>
public sealed record LangIdTopicPhrase(string Phrase, bool DarijaOnly);

/// <summary>
/// Topic-swap augmentation for the Arabic-script pair: replaces an administrative phrase of a Darija or Standard Arabic
/// line by another one, so that every topic occurs with both varieties and the model cannot take the topic
/// (البطاقة الوطنية, عقد الازدياد) for evidence of the language. Darija-only loanwords are swapped only in Darija lines.
/// </summary>
public sealed class LangIdTopicSwap
{
    private readonly Regex _pattern;
    private readonly string[] _both;
    private readonly string[] _darija;

    public LangIdTopicSwap(IReadOnlyList<LangIdTopicPhrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        if (phrases.Count(p => !p.DarijaOnly) < 2)
        {
            throw new ArgumentException("At least two phrases usable in both varieties are needed.", nameof(phrases));
        }

        Phrases = phrases;
        _both = phrases.Where(p => !p.DarijaOnly).Select(p => p.Phrase).ToArray();
        _darija = phrases.Select(p => p.Phrase).ToArray();

        // Longest first, so "البطاقة الوطنية الإلكترونية" wins over "البطاقة الوطنية". A phrase starts a word, or follows
        // one proclitic (و ف ب ك: "فالبطاقة الوطنية"), and ends a word.
        var alternatives = string.Join('|', phrases.Select(p => p.Phrase).Distinct(StringComparer.Ordinal)
            .OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal).Select(Regex.Escape));
        _pattern = new Regex(
            @"(?<=(?:^|[^\p{L}\p{Mn}])[وفبك]?)(?:" + alternatives + @")(?![\p{L}\p{Mn}])",
            RegexOptions.CultureInvariant);
    }

    public IReadOnlyList<LangIdTopicPhrase> Phrases { get; }

    /// <summary>
    /// Reads <c>phrase&lt;TAB&gt;both|ary-Arab</c> lines (<c>#</c> comments and blank lines skipped).
    /// </summary>
    public static LangIdTopicSwap Load(string path)
    {
        var phrases = new List<LangIdTopicPhrase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var cells = line.Split('\t');
            var kind = cells.Length > 1 ? cells[1].Trim() : string.Empty;
            if (cells[0].Trim().Length == 0 || kind is not ("both" or LanguageLabels.DarijaArabic))
            {
                throw new InvalidDataException($"{Path.GetFileName(path)}:{lineNumber}: expected phrase<TAB>both or phrase<TAB>{LanguageLabels.DarijaArabic}.");
            }

            phrases.Add(new LangIdTopicPhrase(cells[0].Trim(), kind != "both"));
        }

        return new LangIdTopicSwap(phrases);
    }

    /// <summary>The <see cref="LangIdExample.Source"/> of <see cref="NeutralExamples"/>.</summary>
    public const string NeutralSource = "topics (neutral)";

    /// <summary>Each phrase usable in both varieties, once as Darija and once as Standard Arabic.</summary>
    public IEnumerable<LangIdExample> NeutralExamples() =>
        _both.SelectMany(p => new[]
        {
            new LangIdExample(LanguageLabels.DarijaArabic, p, Source: NeutralSource),
            new LangIdExample(LanguageLabels.StandardArabic, p, Source: NeutralSource),
        });

    /// <summary>Whether the augmentation applies to lines of this label (the Arabic-script pair only).</summary>
    public static bool Applies(string label) => label is LanguageLabels.DarijaArabic or LanguageLabels.StandardArabic;

    /// <summary>
    /// Replaces one topic phrase of <paramref name="text"/>, chosen with <paramref name="random"/>, by another phrase
    /// allowed for <paramref name="label"/>; returns the text unchanged when it holds none (or a Standard Arabic line
    /// holds only Darija loanwords, which would not be Standard Arabic).
    /// </summary>
    public string Swap(string text, string label, Random random)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(random);
        var darija = label == LanguageLabels.DarijaArabic;
        var matches = _pattern.Matches(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var match = matches[random.Next(matches.Count)];
        var pool = darija ? _darija : _both;
        var replacement = pool[random.Next(pool.Length)];
        if (replacement == match.Value)
        {
            replacement = pool[(Array.IndexOf(pool, replacement) + 1) % pool.Length];
        }

        return string.Concat(text.AsSpan(0, match.Index), replacement, text.AsSpan(match.Index + match.Length));
    }
}
