using MarocAssistant.Language.Detection;

namespace MarocAssistant.Language;

/// <summary>Which way a reply's text runs (Web Chat and WhatsApp lay Arabic script out right to left).</summary>
public enum TextDirection
{
    LeftToRight,
    RightToLeft,
}

/// <summary>
/// One language the assistant writes, in every form the code needs: the detection label it is known by (state,
/// transcripts, metrics), the key of its texts in records and templates, the locale tag of reply activities and its
/// text direction. The one table of these facts: a new reply language is added here (and to the records and templates).
/// </summary>
/// <param name="Label">The detection label, e.g. <c>ary-Latn</c>.</param>
/// <param name="RecordKey">The key of its texts in records and templates, e.g. <c>ary_latn</c>.</param>
/// <param name="Locale">The BCP 47 tag of reply activities, with the script for Darija, e.g. <c>ary-Latn-MA</c>.</param>
/// <param name="Direction">Which way its text runs.</param>
public sealed record ReplyLanguage(string Label, string RecordKey, string Locale, TextDirection Direction)
{
    /// <summary>The template whose text labels the button that opens a list of choices (WhatsApp), in this language.</summary>
    public const string ListButtonTemplateKey = "list_button";

    public static ReplyLanguage DarijaArabic { get; } = new(LanguageLabels.DarijaArabic, "ary", "ary-Arab-MA", TextDirection.RightToLeft);

    public static ReplyLanguage DarijaLatin { get; } = new(LanguageLabels.DarijaLatin, "ary_latn", "ary-Latn-MA", TextDirection.LeftToRight);

    public static ReplyLanguage StandardArabic { get; } = new(LanguageLabels.StandardArabic, "ar", "ar-MA", TextDirection.RightToLeft);

    public static ReplyLanguage French { get; } = new(LanguageLabels.French, "fr", "fr-MA", TextDirection.LeftToRight);

    public static ReplyLanguage English { get; } = new(LanguageLabels.English, "en", "en", TextDirection.LeftToRight);

    /// <summary>Every language the assistant writes.</summary>
    public static IReadOnlyList<ReplyLanguage> All { get; } = [DarijaArabic, DarijaLatin, StandardArabic, French, English];

    public bool IsRightToLeft => Direction == TextDirection.RightToLeft;

    /// <summary>The reply language of a detected label; null when the assistant does not write that language.</summary>
    public static ReplyLanguage? ForDetected(string label) => All.FirstOrDefault(l => l.Label == label);

    /// <summary>The reply language of a label, French for any other (as replies always defaulted to French).</summary>
    public static ReplyLanguage Of(string label) => ForDetected(label) ?? French;

    public override string ToString() => Label;
}
