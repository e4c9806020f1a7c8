namespace MarocAssistant.Retrieval.Corpus;

/// <summary>
/// One administrative procedure, as stored in <c>corpus/procedures/&lt;id&gt;.yaml</c>
/// (schema: <c>corpus/procedure.schema.json</c>). Every fact names a source id from <see cref="Sources"/>.
/// </summary>
public sealed class ProcedureRecord
{
    public string Id { get; set; } = "";

    public Localized Administration { get; set; } = new();

    public string Category { get; set; } = "";

    public OnlineService? OnlineService { get; set; }

    public List<Fee> Fees { get; set; } = [];

    public SourcedText? Delay { get; set; }

    public SourcedText? Validity { get; set; }

    public SourcedText? WhereToApply { get; set; }

    public List<LegalBasis> LegalBasis { get; set; } = [];

    public Contact? Contact { get; set; }

    public List<string> StepsSource { get; set; } = [];

    public List<string> DocumentsSource { get; set; } = [];

    public List<string> Related { get; set; } = [];

    public Variant Variant { get; set; } = new();

    public List<Source> Sources { get; set; } = [];

    public string LastReviewed { get; set; } = "";

    /// <summary>Editor-only remarks (why a fact is missing, where sources disagree); never shown to a citizen.</summary>
    public List<string> Notes { get; set; } = [];

    /// <summary>Dates that hold for one campaign, school year or revision (application windows, age cut-offs).</summary>
    public List<DatedFact> Calendar { get; set; } = [];

    public LanguageBlock? Fr { get; set; }

    public LanguageBlock? Ar { get; set; }

    public LanguageBlock? Ary { get; set; }

    public LanguageBlock? AryLatn { get; set; }

    public LanguageBlock? En { get; set; }

    /// <summary>The block for a record language key; falls back to French when that language is missing.</summary>
    public LanguageBlock Block(RecordLanguage language) =>
        BlockOrNull(language) ?? Fr ?? throw new InvalidOperationException($"Record {Id} has no French block.");

    public LanguageBlock? BlockOrNull(RecordLanguage language) => language switch
    {
        RecordLanguage.Fr => Fr,
        RecordLanguage.Ar => Ar,
        RecordLanguage.Ary => Ary,
        RecordLanguage.AryLatn => AryLatn,
        RecordLanguage.En => En,
        _ => null,
    };

    public IEnumerable<(RecordLanguage Language, LanguageBlock Block)> Blocks()
    {
        foreach (var language in Enum.GetValues<RecordLanguage>())
        {
            if (BlockOrNull(language) is { } block)
            {
                yield return (language, block);
            }
        }
    }

    public Source? FindSource(string id) => Sources.Find(s => s.Id == id);

    /// <summary>
    /// True when every named source is third-party (press or guide): a fact resting on them only is marked as such.
    /// False when one of them is official, or when none is named.
    /// </summary>
    public bool ThirdPartyOnly(IEnumerable<string> sourceIds)
    {
        var kinds = sourceIds.Select(FindSource).OfType<Source>().Select(s => s.Kind).ToList();
        return kinds.Count > 0 && kinds.All(k => k != SourceKinds.Official);
    }
}

/// <summary>The kinds of source a record may cite.</summary>
public static class SourceKinds
{
    /// <summary>A Moroccan public body's own site or text (ministries, DGSN, CNSS, service-public.ma, the Bulletin officiel...).</summary>
    public const string Official = "official";

    /// <summary>A news article.</summary>
    public const string Press = "press";

    /// <summary>Any other third party: private guides, blogs, copies of official pages on other sites, foreign bodies.</summary>
    public const string Guide = "guide";

    public static readonly IReadOnlyList<string> All = [Official, Press, Guide];
}

/// <summary>A fact that holds only between two dates (a yearly fee, an application window, a school year).</summary>
public interface ITimeBound
{
    /// <summary>First day the fact holds ("YYYY-MM-DD"); null when it has no start.</summary>
    string? ValidFrom { get; }

    /// <summary>Last day the fact holds ("YYYY-MM-DD"); null when it does not expire.</summary>
    string? ValidUntil { get; }
}

/// <summary>Whether a time-bound fact holds on a given day.</summary>
public static class TimeBound
{
    /// <summary>True when the fact's last day is before <paramref name="today"/>.</summary>
    public static bool IsExpired(this ITimeBound fact, DateOnly today) =>
        Parse(fact.ValidUntil) is { } until && until < today;

    /// <summary>True when the fact starts after <paramref name="today"/>.</summary>
    public static bool IsUpcoming(this ITimeBound fact, DateOnly today) =>
        Parse(fact.ValidFrom) is { } from && from > today;

    public static DateOnly? Parse(string? date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : null;
}

/// <summary>The languages and scripts a record is written in (the YAML keys fr, ar, ary, ary_latn, en).</summary>
public enum RecordLanguage
{
    Fr,
    Ar,
    Ary,
    AryLatn,
    En,
}

/// <summary>A short text in every record language.</summary>
public sealed class Localized
{
    public string Fr { get; set; } = "";

    public string Ar { get; set; } = "";

    public string Ary { get; set; } = "";

    public string AryLatn { get; set; } = "";

    public string? En { get; set; }

    public string Get(RecordLanguage language)
    {
        var text = language switch
        {
            RecordLanguage.Fr => Fr,
            RecordLanguage.Ar => Ar,
            RecordLanguage.Ary => Ary,
            RecordLanguage.AryLatn => AryLatn,
            RecordLanguage.En => En,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? Fr : text;
    }
}

public sealed class OnlineService
{
    /// <summary>The service's name in every language (a plain string in older records is read as the French name).</summary>
    public Localized Name { get; set; } = new();

    public string Url { get; set; } = "";

    public string Source { get; set; } = "";
}

public sealed class Fee : ITimeBound
{
    public decimal AmountMad { get; set; }

    public Localized Condition { get; set; } = new();

    public string Source { get; set; } = "";

    public string? ValidFrom { get; set; }

    public string? ValidUntil { get; set; }
}

public sealed class SourcedText : ITimeBound
{
    public Localized Text { get; set; } = new();

    public string Source { get; set; } = "";

    public string? ValidFrom { get; set; }

    public string? ValidUntil { get; set; }
}

/// <summary>A dated fact of the record's calendar: it holds from <see cref="ValidFrom"/> to <see cref="ValidUntil"/>.</summary>
public sealed class DatedFact : ITimeBound
{
    public Localized Text { get; set; } = new();

    public string Source { get; set; } = "";

    public string? ValidFrom { get; set; }

    public string? ValidUntil { get; set; }
}

public sealed class LegalBasis
{
    public string Text { get; set; } = "";

    public string Source { get; set; } = "";
}

public sealed class Contact
{
    public string? Phone { get; set; }

    public string? Email { get; set; }

    public string? Url { get; set; }

    public Localized? Text { get; set; }

    public string Source { get; set; } = "";
}

public sealed class Variant
{
    public string Group { get; set; } = "";

    public string Kind { get; set; } = "";

    public Localized Label { get; set; } = new();
}

public sealed class Source
{
    public string Id { get; set; } = "";

    public string Url { get; set; } = "";

    public string Title { get; set; } = "";

    /// <summary>When the page was published ("YYYY", "YYYY-MM" or "YYYY-MM-DD"); null when the page has no date.</summary>
    public string? Published { get; set; }

    /// <summary>The day we consulted the page ("YYYY-MM-DD").</summary>
    public string Seen { get; set; } = "";

    /// <summary><c>official</c> (a Moroccan public body's site or text), <c>press</c> or <c>guide</c> (any other third party).</summary>
    public string Kind { get; set; } = "";
}

public sealed class LanguageBlock
{
    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public List<string> Steps { get; set; } = [];

    public List<string> Documents { get; set; } = [];

    public List<string> Aliases { get; set; } = [];
}
