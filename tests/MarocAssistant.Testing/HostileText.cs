using FsCheck;
using FsCheck.Fluent;

namespace MarocAssistant.Testing;

/// <summary>
/// FsCheck generators of what citizens and attackers type: Latin, Arabizi digits, Arabic with diacritics and tatweel,
/// Tifinagh, emoji (surrogate pairs, ZWJ sequences, skin tones), control, bidi-override and zero-width characters,
/// combining marks, and, in <see cref="AnyText"/>, lone surrogates and noncharacters too.
/// </summary>
public static class HostileText
{
    private static readonly string[] Pieces =
    [
        "a", "e", "z", "K", "é", "ç", "ô", " ", " ", " ", "  ", "\t", "\n", "\r\n", ".", ",", "?", "!", "'", "-", "’", "\"", "<", ">", "&", "{", "}", "%", "$", "@", "/", "\\",
        "0", "1", "2", "3", "5", "6", "7", "9", "3a", "7a", "9", "passport", "passeport", "lakarta", "bghit", "chhal", "fin",
        "ب", "غ", "ي", "ت", "ج", "و", "ا", "ز", "أ", "إ", "آ", "ة", "ى", "ڭ", "گ", "ـ", "\u064E", "\u0651", "\u0652", "جواز", "السفر", "البطاقة", "١", "٢", "٣",
        "ⴰ", "ⵣ", "ⵓ", "ⵍ", "ⵜ", "ⴽ",
        "😀", "👍🏽", "🇲🇦", "❤️", "👨‍👩‍👧", "🙏", "\u200D",
        "\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085",
        "\u202E", "\u202D", "\u202A", "\u2066", "\u2069", "\u200F", "\u200E", "\u061C",
        "\u200B", "\u200C", "\uFEFF", "\u2060", "\u00A0", "\u3000",
        "\u0301", "\u0308", "\u0327", "\uFFFD", "\uE000",
        "AB123456", "0612345678", "+212 6 12 34 56 78", "x@y.ma",
    ];

    private static readonly string[] IllFormed = ["\uD800", "\uDC00", "\uDBFF", "\uFFFE", "\uFFFF", "\uFDD0", "\U0001FFFE"];

    /// <summary>Well-formed Unicode text (no lone surrogate, no noncharacter): what reaches the stages after the guard.</summary>
    public static Arbitrary<string> WellFormed { get; } = Arb.From(Text(Gen.Elements(Pieces)));

    /// <summary>Any UTF-16 string a JSON body can carry, ill-formed included.</summary>
    public static Arbitrary<string> AnyText { get; } = Arb.From(Text(Gen.Frequency(
        (12, Gen.Elements(Pieces)),
        (1, Gen.Elements(IllFormed)),
        (1, Gen.Choose(0, 0xFFFF).Select(c => ((char)c).ToString())))));

    /// <summary>Runs <paramref name="property"/> over <paramref name="tests"/> generated cases; a failure is thrown with the shrunk counter-example.</summary>
    public static void Check(Property property, int tests = 300) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(tests).WithQuietOnSuccess(true), property);

    private static Gen<string> Text(Gen<string> piece) =>
        Gen.Sized(size => Gen.Choose(0, Math.Max(1, size * 2)).SelectMany(n => piece.ArrayOf(n)).Select(parts => string.Concat(parts)));
}
