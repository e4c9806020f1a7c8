using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;

namespace MarocAssistant.Conversation.Privacy;

/// <summary>The kinds of personal data the redactor recognises, each written as its own placeholder.</summary>
public enum PersonalDataKind
{
    /// <summary>An e-mail address: <c>[EMAIL]</c>.</summary>
    Email,

    /// <summary>An IBAN (Moroccan <c>MA64…</c> or any country's): <c>[IBAN]</c>.</summary>
    Iban,

    /// <summary>A Moroccan RIB, 24 digits in any grouping: <c>[RIB]</c>.</summary>
    Rib,

    /// <summary>A Moroccan phone number, national or international form: <c>[PHONE]</c>.</summary>
    Phone,

    /// <summary>A passport number: <c>[PASSPORT]</c>.</summary>
    Passport,

    /// <summary>A national identity card (CIN/CNIE) number: <c>[CIN]</c>.</summary>
    Cin,
}

/// <summary>One piece of personal data found in a text.</summary>
public readonly record struct PersonalDataMatch(PersonalDataKind Kind, int Index, int Length);

/// <summary>
/// Replaces personal data in free text by typed placeholders (<c>[CIN]</c>, <c>[PHONE]</c>, <c>[EMAIL]</c>,
/// <c>[RIB]</c>, <c>[IBAN]</c>, <c>[PASSPORT]</c>) before anything is written (law 09-08): transcripts, and log
/// messages through <see cref="RedactingLoggerFactory"/>.
/// </summary>
/// <remarks>
/// Arabic-Indic digits (٠-٩, ۰-۹) are folded to ASCII for matching only; the text outside the placeholders is kept
/// as written. Every pattern is linear: bounded or deterministic loops, no nested quantifiers, so a hostile
/// 100 kB message costs no more than a few scans. Kinds are tried in a fixed priority (e-mail, IBAN, RIB, phone,
/// passport, CIN) and a lower kind never overlaps a higher one, so a RIB is not cut into phone numbers. Redacting
/// twice gives the same text as redacting once: what a placeholder would reveal is found in the first pass.
/// Near-misses that must survive: dates (12/05/2024, 05.12.2024), fees (75 DH), years, times (08:30), decree and
/// law numbers (2-08-310, 55.19), counts ("2 photos"), procedure ids. Thread-safe.
/// </remarks>
public static partial class PersonalDataRedactor
{
    private const int TimeoutMs = 500;

    // Scans of one text at most (see FindCore). Each scan but the last finds what the placeholders of the one before
    // made visible; a text that still reveals more after that is personal data glued end to end, which no one types.
    private const int MaxScans = 5;

    // What any pattern needs at least one of; text without them is returned as it is, at once.
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹");

    /// <summary>The text with every piece of personal data replaced by its placeholder.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Triggers))
        {
            return text ?? "";
        }

        List<PersonalDataMatch> matches;
        bool complete;
        try
        {
            matches = FindCore(text, out complete);
        }
        catch (RegexMatchTimeoutException)
        {
            // Fail closed: a text we could not scan in time is not written at all.
            return "[REDACTED]";
        }

        if (!complete)
        {
            // Nor one that still had personal data to reveal after MaxScans scans (and a chain as long as the text
            // would otherwise cost a scan per link).
            return "[REDACTED]";
        }

        if (matches.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var position = 0;
        foreach (var match in matches)
        {
            builder.Append(text, position, match.Index - position).Append(Placeholder(match.Kind));
            position = match.Index + match.Length;
        }

        return builder.Append(text, position, text.Length - position).ToString();
    }

    /// <summary>The personal data found in <paramref name="text"/>, in order, never overlapping.</summary>
    public static IReadOnlyList<PersonalDataMatch> Find(string? text) =>
        string.IsNullOrEmpty(text) || !text.AsSpan().ContainsAny(Triggers) ? [] : FindCore(text, out _);

    /// <summary>The placeholder written for a kind, e.g. <c>[PHONE]</c>.</summary>
    public static string Placeholder(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Email => "[EMAIL]",
        PersonalDataKind.Iban => "[IBAN]",
        PersonalDataKind.Rib => "[RIB]",
        PersonalDataKind.Phone => "[PHONE]",
        PersonalDataKind.Passport => "[PASSPORT]",
        _ => "[CIN]",
    };

    /// <summary>
    /// The matches in order; <paramref name="complete"/> is false when the last of <see cref="MaxScans"/> scans still
    /// found more (the matches are then those found so far).
    /// </summary>
    private static List<PersonalDataMatch> FindCore(string text, out bool complete)
    {
        var folded = FoldDigits(text);
        var taken = new List<PersonalDataMatch>();
        CollectAll(taken, folded);

        // A placeholder ends a word where the text did not: in "0612345678A23456" the CIN is glued to the phone,
        // in "[PHONE]A23456" it stands alone, so a second pass would find it. Scan again with what was found
        // masked as its placeholder would read, until a scan finds nothing new (usually the second).
        var before = 0;
        for (var scans = 1; taken.Count > before && scans < MaxScans; scans++)
        {
            before = taken.Count;
            CollectAll(taken, Mask(folded, taken));
        }

        complete = taken.Count == before;
        taken.Sort((a, b) => a.Index.CompareTo(b.Index));
        return taken;
    }

    private static void CollectAll(List<PersonalDataMatch> taken, string text)
    {
        if (text.Contains('@', StringComparison.Ordinal))
        {
            Collect(taken, text, Email(), PersonalDataKind.Email, validate: null);
        }

        Collect(taken, text, Iban(), PersonalDataKind.Iban, validate: null);
        Collect(taken, text, Rib(), PersonalDataKind.Rib, static m => ConsistentGrouping(m.ValueSpan));
        Collect(taken, text, InternationalPhone(), PersonalDataKind.Phone, static m => ConsistentGrouping(m.Groups["digits"].ValueSpan));
        Collect(taken, text, NationalPhone(), PersonalDataKind.Phone, static m => ConsistentGrouping(m.ValueSpan));
        Collect(taken, text, PassportAfterKeyword(), PersonalDataKind.Passport, validate: null);
        Collect(taken, text, PassportNumber(), PersonalDataKind.Passport, validate: null);
        Collect(taken, text, CinAfterKeyword(), PersonalDataKind.Cin, validate: null);
        Collect(taken, text, CinNumber(), PersonalDataKind.Cin, validate: null);
    }

    /// <summary>
    /// The text with every match written over as "[XX…X]", which the patterns read as they read a placeholder:
    /// brackets at the ends (neither word nor digit), letters inside (no keyword gap runs across), and the same
    /// length, so indexes hold (a match is five characters or more, so there are always letters inside).
    /// </summary>
    private static string Mask(string text, List<PersonalDataMatch> matches)
    {
        var chars = text.ToCharArray();
        foreach (var match in matches)
        {
            chars.AsSpan(match.Index, match.Length).Fill('X');
            chars[match.Index] = '[';
            chars[match.Index + match.Length - 1] = ']';
        }

        return new string(chars);
    }

    /// <summary>
    /// Adds the matches of one pattern that do not overlap what a higher-priority pattern took. A pattern with an
    /// <c>id</c> group redacts only that group (the keyword before it stays). A candidate the validator rejects is
    /// retried one character further, so that a real number overlapping a rejected one is still found.
    /// </summary>
    private static void Collect(List<PersonalDataMatch> taken, string text, Regex regex, PersonalDataKind kind, Func<Match, bool>? validate)
    {
        var start = 0;
        while (start < text.Length)
        {
            var match = regex.Match(text, start);
            if (!match.Success)
            {
                return;
            }

            var group = match.Groups["id"];
            var (index, length) = group.Success ? (group.Index, group.Length) : (match.Index, match.Length);
            if (validate is not null && !validate(match))
            {
                start = match.Index + 1;
                continue;
            }

            if (!Overlaps(taken, index, length))
            {
                taken.Add(new PersonalDataMatch(kind, index, length));
            }

            start = Math.Max(match.Index + match.Length, match.Index + 1);
        }
    }

    private static bool Overlaps(List<PersonalDataMatch> taken, int index, int length)
    {
        foreach (var t in taken)
        {
            if (index < t.Index + t.Length && t.Index < index + length)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A run of grouped digits is a number only when one separator is used throughout ("06 12 34 56 78",
    /// "06.12.34.56.78") and only the first group may be a lone digit ("6 12 34 56 78" after +212):
    /// "05.12.2024 08:30" is a date and a time, not a phone.
    /// </summary>
    private static bool ConsistentGrouping(ReadOnlySpan<char> digits)
    {
        var separator = '\0';
        var group = 0;
        var groups = 0;
        foreach (var c in digits)
        {
            if (char.IsAsciiDigit(c))
            {
                group++;
                continue;
            }

            if ((separator != '\0' && c != separator) || (group < 2 && groups > 0))
            {
                return false;
            }

            separator = c;
            groups++;
            group = 0;
        }

        return groups == 0 || group >= 2;
    }

    /// <summary>Arabic-Indic and Extended Arabic-Indic digits become ASCII; one char for one char, so indexes hold.</summary>
    private static string FoldDigits(string text)
    {
        if (text.AsSpan().IndexOfAnyInRange('\u0660', '\u06F9') < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                    >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                    _ => c,
                };
            }
        });
    }

    // Local part bounded at 64 (RFC 5321), labels at 63: no unbounded loop to backtrack over.
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Email();

    // MA + 2 check digits + 24 digits in any grouping; other countries' IBANs written solid or in groups of four.
    [GeneratedRegex(
        @"\b(?:[Mm][Aa]\d{2}(?:[ \-]?\d){24}(?!\d)|[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b|[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?\b)",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex Iban();

    // Bank 3 + city 3 + account 16 + key 2 = 24 digits, grouped or not (a group has at least two digits, so a run
    // of lone digits is not even a candidate).
    [GeneratedRegex(@"(?<!\d)\d\d(?:[ .\-]?\d){22}(?!\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex Rib();

    // +212 6…, 00212 6…, +212 (0)6…, 212 6… (WhatsApp ids): nine digits after the country code.
    [GeneratedRegex(
        @"(?:\+[ ]?|(?<![\d+])00[ ]?|(?<![\d+]))212\)?[ .\-]?(?:\([ ]?0[ ]?\)[ .\-]?|0[ .\-]?)?(?<digits>[5-8](?:[ .\-]?\d){8})(?!\d)",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex InternationalPhone();

    // 05…, 06…, 07…, 08…: ten digits in any consistent grouping.
    [GeneratedRegex(@"(?<![\d+])0[5-8](?:[ .\-]?\d){8}(?!\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex NationalPhone();

    // "passeport n° X1234567", "basbor dyali AB1234567", "جواز السفر رقم 1234567": the id after the keyword. Our
    // own [PASSPORT] is not a keyword, or a second pass would take the word after it for an id.
    [GeneratedRegex(
        @"(?!(?<=\[)PASSPORT\])(?i:\b(?:pass(?:e)?port|pasport|passaporte|basbor|basbour|paspor|جواز(?:\s(?:ال)?سفر)?|(?:ال)?باسبور|(?:ال)?بسبور)\b)[^\p{L}\p{N}\r\n]{0,8}(?:(?i:n[°o]|num[ée]ro|number|nr|no|رقم|ra9m|dyali|diali|dyal|ديالي|ديال)\.?[^\p{L}\p{N}\r\n]{0,4})?(?<id>(?=[A-Za-z]{0,3}\d)[A-Za-z0-9]{6,10})\b",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex PassportAfterKeyword();

    // Moroccan passports: two letters and seven digits; also one letter and eight, and the French 12AB34567 form.
    [GeneratedRegex(@"\b(?:[A-Za-z]{1,2}\d{7,8}|\d{2}[A-Za-z]{2}\d{5})\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex PassportNumber();

    // "CIN: ab 12345", "lakart dyali J 123456", "رقم البطاقة الوطنية AB123456". Our own [CIN] is not a keyword.
    [GeneratedRegex(
        @"(?!(?<=\[)CIN\])(?i:\b(?:cin|cnie|cni|carte\snationale|carte\sd'identit[ée]|lakart|la\scarte|(?:ال)?بطاقة(?:\s(?:ال)?تعريف)?(?:\s(?:ال)?وطنية)?|لاكارط|لاكارت)\b)[^\p{L}\p{N}\r\n]{0,8}(?:(?i:n[°o]|num[ée]ro|number|no|رقم|ra9m|dyali|diali|dyal|ديالي|ديال)\.?[^\p{L}\p{N}\r\n]{0,4})?(?<id>[A-Za-z]{1,2}[ \-]?\d{5,6})\b",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex CinAfterKeyword();

    // One or two letters then five or six digits ("AB123456", "j123456"); with a space or dash only in capitals
    // ("BE 123456"), so that "en 202456" or "f 12345" in a sentence stays.
    [GeneratedRegex(@"\b(?:[A-Za-z]{1,2}\d{5,6}|[A-Z]{1,2}[ \-]\d{5,6})\b", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CinNumber();
}
