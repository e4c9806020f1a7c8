using MarocAssistant.Language;

namespace MarocAssistant.Retrieval.Corpus;

/// <summary>The keys of the record languages in records and templates (<c>fr</c>, <c>ar</c>, <c>ary</c>, <c>ary_latn</c>, <c>en</c>).</summary>
public static class RecordLanguages
{
    /// <summary>The key of a record language.</summary>
    public static string Key(RecordLanguage language) => language switch
    {
        RecordLanguage.Fr => "fr",
        RecordLanguage.Ar => "ar",
        RecordLanguage.Ary => "ary",
        RecordLanguage.AryLatn => "ary_latn",
        _ => "en",
    };

    /// <summary>The record language of a key; French for an unknown key.</summary>
    public static RecordLanguage FromKey(string key) => key switch
    {
        "ar" => RecordLanguage.Ar,
        "ary" => RecordLanguage.Ary,
        "ary_latn" => RecordLanguage.AryLatn,
        "en" => RecordLanguage.En,
        _ => RecordLanguage.Fr,
    };

    /// <summary>The record language a reply language's texts are written in.</summary>
    public static RecordLanguage Of(ReplyLanguage language)
    {
        ArgumentNullException.ThrowIfNull(language);
        return FromKey(language.RecordKey);
    }
}
