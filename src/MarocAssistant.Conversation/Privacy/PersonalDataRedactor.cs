// Over 400 lines: one redactor whose second half is its source-generated patterns, each kept beside its validation.
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

    /// <summary>A person's name after a self-introduction ("smiti …", "je m'appelle …", "اسمي …"): <c>[NAME]</c>.</summary>
    Name,

    /// <summary>A street address (rue, derb, zanqa, hay, imm, شارع، زنقة، درب، حي … with its number and name): <c>[ADDRESS]</c>.</summary>
    Address,

    /// <summary>A payment card number, 13 to 19 digits passing the Luhn check: <c>[CARD]</c>.</summary>
    Card,

    /// <summary>A CNSS registration number, nine digits after a CNSS cue: <c>[CNSS]</c>.</summary>
    Cnss,

    /// <summary>A date of birth after a birth cue ("né le", "born on", "تاريخ الازدياد"): <c>[BIRTHDATE]</c>.</summary>
    BirthDate,
}

/// <summary>One piece of personal data found in a text.</summary>
public readonly record struct PersonalDataMatch(PersonalDataKind Kind, int Index, int Length);

/// <summary>
/// Replaces personal data in free text by typed placeholders before anything is written (law 09-08): transcripts,
/// the feedback file, and log messages through <c>RedactingLoggerFactory</c> (Recording). Numbers: <c>[CIN]</c>,
/// <c>[PHONE]</c>, <c>[EMAIL]</c>, <c>[RIB]</c>, <c>[IBAN]</c>, <c>[PASSPORT]</c>, <c>[CARD]</c>, <c>[CNSS]</c>,
/// <c>[BIRTHDATE]</c>; words: <c>[NAME]</c> after a self-introduction and <c>[ADDRESS]</c> for a street address.
/// </summary>
/// <remarks>
/// Arabic-Indic digits (٠-٩, ۰-۹) are folded to ASCII for matching only; the text outside the placeholders is kept
/// as written. Every pattern is linear: bounded or deterministic loops, no nested quantifiers, so a hostile
/// 100 kB message costs no more than a few scans; names and addresses are read a bounded number of words after their
/// cue. Kinds are tried in a fixed priority (e-mail, IBAN, RIB, phone, card, passport, CIN, CNSS, birth date, address,
/// name) and a lower kind never overlaps a higher one, so a RIB is not cut into phone numbers. Redacting twice gives
/// the same text as redacting once: what a placeholder would reveal is found in the first pass.
/// Near-misses that must survive: dates (12/05/2024, 05.12.2024) without a birth cue, fees (75 DH), years, times
/// (08:30), decree and law numbers (2-08-310, 55.19), counts ("2 photos"), ages, procedure ids, and a plain nine-digit
/// number without a CNSS cue (it could be anything; a CNSS number is recognised by its cue). Thread-safe.
/// The rules for the contextual kinds (which cues, which words end a name or an address) are in
/// <c>PersonalDataRedactor.Contextual.cs</c> and docs/transcripts.md.
/// </remarks>
public static partial class PersonalDataRedactor
{
    private const int TimeoutMs = 500;

    // Scans of one text at most (see FindCore). Each scan but the last finds what the placeholders of the one before
    // made visible; a text that still reveals more after that is personal data glued end to end, which no one types.
    private const int MaxScans = 5;

    // What the number patterns need at least one of; with none of these and no cue below, the text is returned at once.
    private static readonly SearchValues<char> Triggers = SearchValues.Create("0123456789@٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹");

    /// <summary>The parts of the redactor a text can need, from one cheap look at it.</summary>
    [Flags]
    private enum Scope
    {
        None = 0,

        /// <summary>Digits or '@': the number patterns and plain e-mails.</summary>
        Numbers = 1,

        /// <summary>A fragment of a self-introduction cue ("smi", "appel", "name", "اسم"...).</summary>
        Names = 2,

        /// <summary>A fragment of a street keyword ("rue", "derb", "زنقة"...).</summary>
        Addresses = 4,

        /// <summary>" @ ", " at ", "(at", "arobase"...: an e-mail written out.</summary>
        SpelledEmail = 8,

        /// <summary>Digits and a fragment of a CNSS or birth cue ("cnss", "né", "naissance", "مزداد"...).</summary>
        NumberCues = 16,
    }

    /// <summary>The text with every piece of personal data replaced by its placeholder.</summary>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var scope = ScopeOf(text);
        if (scope == Scope.None)
        {
            return text;
        }

        List<PersonalDataMatch> matches;
        bool complete;
        try
        {
            matches = FindCore(text, scope, out complete);
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
    public static IReadOnlyList<PersonalDataMatch> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var scope = ScopeOf(text);
        return scope == Scope.None ? [] : FindCore(text, scope, out _);
    }

    /// <summary>The placeholder written for a kind, e.g. <c>[PHONE]</c>.</summary>
    public static string Placeholder(PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Email => "[EMAIL]",
        PersonalDataKind.Iban => "[IBAN]",
        PersonalDataKind.Rib => "[RIB]",
        PersonalDataKind.Phone => "[PHONE]",
        PersonalDataKind.Passport => "[PASSPORT]",
        PersonalDataKind.Cin => "[CIN]",
        PersonalDataKind.Name => "[NAME]",
        PersonalDataKind.Address => "[ADDRESS]",
        PersonalDataKind.Card => "[CARD]",
        PersonalDataKind.Cnss => "[CNSS]",
        _ => "[BIRTHDATE]",
    };

    private static Scope ScopeOf(string text)
    {
        var span = text.AsSpan();
        var arabic = span.IndexOfAnyInRange('\u0600', '\u06FF') >= 0;
        var scope = Scope.None;
        if (span.ContainsAny(Triggers))
        {
            scope |= Scope.Numbers;
            if (ContainsAny(span, NumberCueFragments)
                || (span.IndexOfAny('é', 'É') >= 0 && ContainsAny(span, OtherNumberCueFragments))
                || (arabic && ContainsAny(span, ArabicNumberCueFragments)))
            {
                scope |= Scope.NumberCues;
            }
        }

        if (ContainsAny(span, NameCueFragments) || (span.Contains('’') && ContainsAny(span, OtherNameCueFragments))
            || (arabic && ContainsAny(span, ArabicNameCueFragments)))
        {
            scope |= Scope.Names;
        }

        if (ContainsAny(span, AddressCueFragments) || (arabic && ContainsAny(span, ArabicAddressCueFragments)))
        {
            scope |= Scope.Addresses;
        }

        if (ContainsAny(span, SpelledEmailFragments))
        {
            scope |= Scope.SpelledEmail;
        }

        return scope;
    }

    /// <summary>
    /// The matches in order; <paramref name="complete"/> is false when the last of <see cref="MaxScans"/> scans still
    /// found more (the matches are then those found so far).
    /// </summary>
    private static List<PersonalDataMatch> FindCore(string text, Scope scope, out bool complete)
    {
        var folded = FoldDigits(text);
        var taken = new List<PersonalDataMatch>();
        CollectAll(taken, folded, scope);

        // A placeholder ends a word where the text did not: in "0612345678A23456" the CIN is glued to the phone,
        // in "[PHONE]A23456" it stands alone, so a second pass would find it. Scan again with what was found
        // masked as its placeholder would read, until a scan finds nothing new (usually the second).
        var before = 0;
        for (var scans = 1; taken.Count > before && scans < MaxScans; scans++)
        {
            before = taken.Count;
            CollectAll(taken, Mask(folded, taken), scope);
        }

        complete = taken.Count == before;
        taken.Sort((a, b) => a.Index.CompareTo(b.Index));
        return taken;
    }

    private static void CollectAll(List<PersonalDataMatch> taken, string text, Scope scope)
    {
        if (text.Contains('@', StringComparison.Ordinal))
        {
            Collect(taken, text, Email(), PersonalDataKind.Email, validate: null);
        }

        if (scope.HasFlag(Scope.SpelledEmail))
        {
            Collect(taken, text, SpelledEmail(), PersonalDataKind.Email, validate: null);
        }

        if (scope.HasFlag(Scope.Numbers))
        {
            // A pattern is tried only when the text has as many digits as any match of it holds (\d is any Unicode
            // digit, hence char.IsDigit): short numbers such as log lines' timings and ids skip most of them.
            var digits = CountDigits(text, MostDigitsNeeded);
            Collect(taken, text, Iban(), PersonalDataKind.Iban, validate: null);
            if (digits >= 24)
            {
                Collect(taken, text, Rib(), PersonalDataKind.Rib, static m => ConsistentGrouping(m.ValueSpan));
            }

            if (digits >= 12)
            {
                Collect(taken, text, InternationalPhone(), PersonalDataKind.Phone, static m => ConsistentGrouping(m.Groups["digits"].ValueSpan));
            }

            if (digits >= 10)
            {
                Collect(taken, text, NationalPhone(), PersonalDataKind.Phone, static m => ConsistentGrouping(m.ValueSpan));
            }

            if (digits >= 13)
            {
                Collect(taken, text, CardNumber(), PersonalDataKind.Card, static m => IsCardNumber(m.ValueSpan));
            }

            Collect(taken, text, PassportAfterKeyword(), PersonalDataKind.Passport, validate: null);
            if (digits >= 7)
            {
                Collect(taken, text, PassportNumber(), PersonalDataKind.Passport, validate: null);
            }

            if (digits >= 5)
            {
                Collect(taken, text, CinAfterKeyword(), PersonalDataKind.Cin, validate: null);
                Collect(taken, text, CinNumber(), PersonalDataKind.Cin, validate: null);
            }
        }

        if (scope.HasFlag(Scope.NumberCues))
        {
            Collect(taken, text, CnssAfterCue(), PersonalDataKind.Cnss, validate: null);
            Collect(taken, text, BirthDateAfterCue(), PersonalDataKind.BirthDate, validate: null);
        }

        if (scope.HasFlag(Scope.Addresses))
        {
            CollectAddresses(taken, text);
        }

        if (scope.HasFlag(Scope.Names))
        {
            CollectNames(taken, text);
        }
    }

    // The most digits a pattern above waits for (a RIB's 24): counting stops there.
    private const int MostDigitsNeeded = 24;

    /// <summary>The digits of <paramref name="text"/> (any script), counted up to <paramref name="enough"/>.</summary>
    private static int CountDigits(string text, int enough)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsDigit(c) && ++count == enough)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>
    /// The text with every match written over as "[XX…X]", which the patterns read as they read a placeholder:
    /// brackets at the ends (neither word nor digit), letters inside (no keyword gap runs across), and the same
    /// length, so indexes hold (a match is three characters or more, so there is always a letter inside).
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

            TryAdd(taken, kind, index, length);
            start = Math.Max(match.Index + match.Length, match.Index + 1);
        }
    }

    /// <summary>Adds a match unless it overlaps one already taken (by a kind of higher priority or an earlier scan).</summary>
    private static bool TryAdd(List<PersonalDataMatch> taken, PersonalDataKind kind, int index, int length)
    {
        foreach (var t in taken)
        {
            if (index < t.Index + t.Length && t.Index < index + length)
            {
                return false;
            }
        }

        taken.Add(new PersonalDataMatch(kind, index, length));
        return true;
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

    /// <summary>
    /// A payment card: one separator throughout, groups of three digits or more ("4111 1111 1111 1111",
    /// "3782 822463 10005"), and the Luhn check digit right, which nine in ten random digit runs fail.
    /// </summary>
    private static bool IsCardNumber(ReadOnlySpan<char> candidate)
    {
        var separator = '\0';
        var group = 0;
        var sum = 0;
        var digits = 0;
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            var c = candidate[i];
            if (!char.IsAsciiDigit(c))
            {
                if ((separator != '\0' && c != separator) || group < 3)
                {
                    return false;
                }

                separator = c;
                group = 0;
                continue;
            }

            var d = c - '0';
            if (digits % 2 == 1)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
            digits++;
            group++;
        }

        return group >= 3 && sum % 10 == 0;
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

    // 13 to 19 digits, solid or grouped by spaces or dashes, not part of a longer run (IsCardNumber checks the
    // grouping and the Luhn digit).
    [GeneratedRegex(@"(?<!\d)(?<!\d[ \-])\d(?:[ \-]?\d){12,18}(?![ \-]?\d)", RegexOptions.CultureInvariant, TimeoutMs)]
    private static partial Regex CardNumber();

    // A CNSS number is nine digits, which alone could be anything: only after a cue ("cnss", "immatriculation",
    // "affiliation", "damane", "الضمان الاجتماعي", "رقم التسجيل") on the same line and within 30 characters without
    // digits or sentence ends in between. Our own [CNSS] is not a cue.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}\[])(?i:(?:l['’]?|el\s?|d['’]?)?(?:cnss|c\.n\.s\.s\.?|immatriculation|immatricul[ée]e?|affiliation|affili[ée]e?|matricule|damane|dmane|tasjil|tasjyl)|[وفبل]?(?:ال)?(?:ضمان\s+(?:ال)?اجتماعي|ضمان|تسجيل|انخراط|تأمين|سي\s?ان\s?اس\s?اس|سنيس))(?![\p{L}\p{N}])[^\d\[\]\r\n.!?;]{0,30}?(?<id>(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?![ .]?\d))",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex CnssAfterCue();

    // A date (12/03/1985, 1985-03-12, 12 mars 1985, March 12, 1985, ١٢ مارس ١٩٨٥, mars 1985) within 25 characters
    // after a birth cue, on the same sentence. A year alone stays ("tzadt f 1995"): it is not a date of birth.
    [GeneratedRegex(
        @"(?<![\p{L}\[])(?i:née?(?:\(e\))?(?=[\s:,])|ne\s+le(?=\s*\d)|nee\s+le|date\s+(?:de\s+)?naissance|date\s+of\s+birth|birth\s?date|birthday|d\.?o\.?b\.?|born(?:\s+on)?|tzadt|tzadit|tzadet|tzad|tzadat|tzadet|mzyad|mzyada|mzyouda|mazyoud|mazyouda|[وفل]?(?:ال)?(?:مزداد|مزدادة|مواليد)|تاريخ\s+(?:ال)?(?:ازدياد|إزدياد|ولادة|ميلاد)|[وف]?(?:ولدت|ولدات|ازددت|إزددت|تزاديت|تزاد|تزادت|تزادات))(?![\p{L}])[^\d\[\]\r\n.!?;]{0,25}?(?<id>(?<!\d)(?:\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?(?:\d{4}|\d{2})(?!\d)|\d{4}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?\d{1,2}(?!\d)|\d{1,2}(?:er|ère|st|nd|rd|th)?\s+(?:of\s+)?(?i:" + Months + @")(?![\p{L}])(?:\s*,?\s*\d{4}(?!\d))?|(?i:" + Months + @")(?![\p{L}])\s+(?:\d{1,2}(?:st|nd|rd|th)?(?!\d)(?:\s*,?\s*\d{4}(?!\d))?|\d{4}(?!\d))))",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex BirthDateAfterCue();

    private const string Months =
        "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|janv|f[ée]vr?|avr|juil|sept?|oct|nov|d[ée]c"
        + "|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug"
        + "|يناير|فبراير|مارس|أبريل|ابريل|ماي|مايو|يونيو|يونيه|يوليوز|يوليو|غشت|أغسطس|اغسطس|شتنبر|سبتمبر|أكتوبر|اكتوبر|نونبر|نوفمبر|دجنبر|ديسمبر";

    // An e-mail written out so that it is not a link: "name (at) gmail.com", "name [at] gmail dot com",
    // "name @ gmail.com", "name arobase gmail point com". A bare "at" needs a domain with a dot after it; the last
    // label is a top-level domain of letters. Bounded labels, at most three dots: no unbounded loop.
    [GeneratedRegex(
        @"(?<![\p{L}\p{N}._%+\-\[\]])(?<id>[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}(?:[ \t]*@[ \t]*|[ \t]*[\(\[\{<][ \t]*(?i:at|arobase|arobas|arrobase|@)[ \t]*[\)\]\}>][ \t]*|[ \t]+(?i:at|arobase|arobas|arrobase)[ \t]+)[A-Za-z0-9][A-Za-z0-9\-]{0,62}(?:(?:\.|[ \t]*[\(\[\{<][ \t]*(?i:dot|point)[ \t]*[\)\]\}>][ \t]*|[ \t]+(?i:dot|point)[ \t]+)[A-Za-z0-9][A-Za-z0-9\-]{0,62}){0,2}(?:\.|[ \t]*[\(\[\{<][ \t]*(?i:dot|point)[ \t]*[\)\]\}>][ \t]*|[ \t]+(?i:dot|point)[ \t]+)[A-Za-z]{2,10})(?![\p{L}\p{N}])",
        RegexOptions.CultureInvariant,
        TimeoutMs)]
    private static partial Regex SpelledEmail();
}
