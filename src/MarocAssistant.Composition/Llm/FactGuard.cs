using System.Globalization;
using System.Text.RegularExpressions;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Composition.Llm;

/// <summary>
/// Checks a generated answer against its record before a citizen sees it: every URL, every number (amounts, delays,
/// counts), every listed document or step must come from the record, and the answer must be in the citizen's script.
/// One violation and the template answer is used instead.
/// </summary>
public sealed partial class FactGuard
{
    /// <summary>A detector this sure that the answer is in another language rejects it.</summary>
    private const float MinConfidenceToReject = 0.55f;

    private readonly ILanguageDetector? _detector;

    public FactGuard(ILanguageDetector? detector = null)
    {
        _detector = detector;
    }

    /// <summary>The violations found; empty when the answer may be shown.</summary>
    public IReadOnlyList<string> Check(string answer, ProcedureRecord record, string replyLanguage)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(record);
        var violations = new List<string>();
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var block = record.Block(language);

        var recordTexts = record.Blocks().SelectMany(b => b.Block.Steps.Concat(b.Block.Documents).Append(b.Block.Summary));
        var knownUrls = record.Sources.Select(s => s.Url).Append(record.OnlineService?.Url).OfType<string>()
            .Concat(recordTexts.SelectMany(t => UrlPattern().Matches(t).Select(m => m.Value)))
            .Select(NormalizeUrl).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (Match url in UrlPattern().Matches(answer))
        {
            if (!knownUrls.Contains(NormalizeUrl(url.Value)))
            {
                violations.Add($"URL not in the record: {url.Value}");
            }
        }

        if (LeftoverToken().IsMatch(answer))
        {
            violations.Add("A link token was not resolved.");
        }

        var knownNumbers = RecordNumbers(record);
        var withoutUrls = UrlPattern().Replace(answer, " ");
        foreach (Match number in NumberPattern().Matches(ToWesternDigits(withoutUrls)))
        {
            var value = number.Value.Replace(',', '.');
            var isListIndex = number.Index == 0 || withoutUrls[..number.Index].EndsWith('\n');
            if (!knownNumbers.Contains(value) && !(isListIndex && int.TryParse(value, CultureInfo.InvariantCulture, out var index) && index <= Math.Max(block.Steps.Count, block.Documents.Count)))
            {
                violations.Add($"Number not in the record: {number.Value}");
            }
        }

        var listed = block.Documents.Concat(block.Steps).Select(Words).ToList();
        foreach (var line in answer.Split('\n').Select(l => l.Trim()).Where(l => ListItem().IsMatch(l)))
        {
            var words = Words(ListItem().Replace(line, ""));
            if (words.Count >= 2 && !listed.Any(known => Overlap(words, known) >= 0.5))
            {
                violations.Add($"Listed item not in the record: {line}");
            }
        }

        CheckScript(answer, replyLanguage, violations);
        return violations;
    }

    private void CheckScript(string answer, string replyLanguage, List<string> violations)
    {
        var letters = answer.Where(char.IsLetter).ToList();
        if (letters.Count == 0)
        {
            violations.Add("The answer has no text.");
            return;
        }

        var arabicShare = letters.Count(c => c is >= '\u0600' and <= '\u06FF') / (double)letters.Count;
        var wantsArabic = ReplyLanguages.IsRightToLeft(replyLanguage);
        if (wantsArabic ? arabicShare < 0.5 : arabicShare > 0.2)
        {
            violations.Add($"Wrong script for {replyLanguage}.");
            return;
        }

        if (_detector?.Detect(UrlPattern().Replace(answer, " ")) is { } detected
            && LanguageLabels.IsAnswerLanguage(detected.Label)
            && detected.Label != replyLanguage
            && detected.Confidence >= MinConfidenceToReject)
        {
            violations.Add($"Written in {detected.Label}, not {replyLanguage}.");
        }
    }

    /// <summary>Every number written anywhere in the record, in any language, plus the fee amounts.</summary>
    private static HashSet<string> RecordNumbers(ProcedureRecord record)
    {
        var texts = new List<string>();
        foreach (var (_, block) in record.Blocks())
        {
            texts.Add(block.Title);
            texts.Add(block.Summary);
            texts.AddRange(block.Steps);
            texts.AddRange(block.Documents);
        }

        foreach (var localized in new[] { record.Delay?.Text, record.Validity?.Text, record.WhereToApply?.Text, record.Contact?.Text }
                     .Concat(record.Fees.Select(f => f.Condition)).Concat(record.Calendar.Select(c => c.Text)).OfType<Localized>())
        {
            texts.AddRange([localized.Fr, localized.Ar, localized.Ary, localized.AryLatn, localized.En ?? ""]);
        }

        texts.AddRange(record.Contact is { } c ? [c.Phone ?? "", c.Email ?? ""] : []);

        // The marks of the template facts ("according to the press, 2015", "from 2027-01-01") give these dates.
        texts.AddRange(record.Sources.Select(s => s.Published ?? ""));
        texts.AddRange(record.Fees.Select(f => f.ValidFrom ?? ""));
        var numbers = texts.SelectMany(t => NumberPattern().Matches(ToWesternDigits(t)).Select(m => m.Value.Replace(',', '.')))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var fee in record.Fees)
        {
            numbers.Add(fee.AmountMad.ToString("0.##", CultureInfo.InvariantCulture));
        }

        return numbers;
    }

    /// <summary>"https://www.cnie.ma/" and "www.cnie.ma." are the same address.</summary>
    private static string NormalizeUrl(string url)
    {
        var u = url.Trim().TrimEnd('/', '.', ',', ';', ':', ')').ToLowerInvariant();
        foreach (var prefix in new[] { "https://", "http://", "www." })
        {
            if (u.StartsWith(prefix, StringComparison.Ordinal))
            {
                u = u[prefix.Length..];
            }
        }

        return u.TrimEnd('/');
    }

    private static string ToWesternDigits(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c is >= '\u0660' and <= '\u0669' ? (char)('0' + (c - '\u0660'))
                    : c is >= '\u06F0' and <= '\u06F9' ? (char)('0' + (c - '\u06F0'))
                    : c;
            }
        });

    private static HashSet<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3).ToHashSet(StringComparer.Ordinal);

    /// <summary>The share of the item's words that a known item also has.</summary>
    private static double Overlap(HashSet<string> item, HashSet<string> known) =>
        item.Count == 0 ? 0 : item.Count(known.Contains) / (double)item.Count;

    /// <summary>True when two addresses differ only in scheme, "www." or a trailing slash.</summary>
    public static bool SameUrl(string a, string b) => NormalizeUrl(a) == NormalizeUrl(b);

    /// <summary>Web addresses in a text (with or without a scheme).</summary>
    public static Regex Urls() => UrlPattern();

    [GeneratedRegex(@"(https?://|www\.)[^\s)\]>""]+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(ma|com|org|net|gov|fr|info)\b(/[^\s)\]>""]*)?", RegexOptions.IgnoreCase)]
    private static partial Regex UrlPattern();

    [GeneratedRegex(@"\[LINK\d*\]")]
    private static partial Regex LeftoverToken();

    [GeneratedRegex(@"\d+(?:[.,]\d+)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^(?:[-•*]|\d+[.)])\s+")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();
}
