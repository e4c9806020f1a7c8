using System.Text.RegularExpressions;

namespace MarocAssistant.Channels.Rendering;

/// <summary>
/// Keeps Latin site names, codes and dates in order inside right-to-left Arabic: each Latin run ("passeport.ma",
/// "DGSN", "https://…") and each number with separators ("2024-05-01", "1/3") is wrapped in U+2068 FIRST STRONG
/// ISOLATE … U+2069 POP DIRECTIONAL ISOLATE, so the bidi algorithm lays it out as one left-to-right unit. Plain
/// numbers ("500 درهم") already read right and are left alone, so a search for them still matches.
/// </summary>
public static partial class BidiIsolates
{
    public const char FirstStrongIsolate = '\u2068';
    public const char PopDirectionalIsolate = '\u2069';

    /// <summary>The text with its Latin runs and compound numbers isolated.</summary>
    public static string Isolate(string text) =>
        LatinOrCompoundNumber().Replace(text, m => FirstStrongIsolate + m.Value + PopDirectionalIsolate);

    /// <summary>The text without the isolates <see cref="Isolate"/> adds.</summary>
    public static string Strip(string text) =>
        text.Replace(FirstStrongIsolate.ToString(), "", StringComparison.Ordinal).Replace(PopDirectionalIsolate.ToString(), "", StringComparison.Ordinal);

    // A Latin word (with the dots, slashes and dashes of addresses), and the Latin words that follow it after spaces;
    // or digits joined by separators. Arabic letters are never part of a run.
    [GeneratedRegex(@"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ'’._/:@%?=&#+~-]*(?: +[A-Za-z0-9À-ÖØ-öø-ÿ][A-Za-z0-9À-ÖØ-öø-ÿ'’._/:@%?=&#+~-]*)*[A-Za-z0-9À-ÖØ-öø-ÿ/]|[A-Za-zÀ-ÖØ-öø-ÿ]|[0-9]+(?:[./:-][0-9]+)+")]
    private static partial Regex LatinOrCompoundNumber();
}
