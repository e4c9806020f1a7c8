using FsCheck;
using FsCheck.Fluent;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.Privacy;

public sealed class PersonalDataRedactorPropertyTests
{
    private static readonly Arbitrary<string> Phones = Arb.From(
        Gen.Elements("06", "07", "05").SelectMany(prefix => Gen.Choose(10_000_000, 99_999_999).Select(n => prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    // Personal data glued to each other, to keywords and to hostile text, with no separator in between: where a
    // placeholder makes a word boundary the text did not have ("0612345678A23456" reads "[PHONE]A23456").
    private static readonly Arbitrary<string> Glued = Arb.From(Gen.Choose(2, 5).SelectMany(n => Gen.Frequency(
            (3, Gen.Elements(
                "0612345678", "06 12 34 56 78", "+212612345678", "212612345678", "0522123456", "AB123456", "J123456", "BE 123456",
                "ab 12345", "AB1234567", "X12345678", "12AB34567", "x@y.ma", "MA64011780000012345678901234",
                "FR7630006000011234567890189", "011780000012345678901234", "cin ", "passport ", "[CIN] ", "[PASSPORT] ",
                "smiti ", "je m'appelle ", "Salam, ana ", "Karim ", "bennani ", "اسمي ", "كريم ", "12 rue ", "rue ", "derb ", "imm ", "appt ",
                "hay ", "rqm 45 ", "kansken f ", "زنقة ", "رقم 7 ", "4111 1111 1111 1111", "4111111111111111", "cnss ", "123456789",
                "k(at)gmail.com", "k @ gmail dot com", " at ", " dot com", "né le ", "12/03/1985", "12 mars 1985", "tzadt nhar ",
                "[NAME] ", "[ADDRESS] ", "[CARD] ", "[CNSS] ", "[EMAIL] ", "[BIRTHDATE] ", ", ", "\n")),
            (2, HostileText.WellFormed.Generator.Resize(2)))
        .ArrayOf(n)
        .Select(parts => string.Concat(parts))));

    [Fact]
    public void Redact_AnyText_NeverThrows()
    {
        HostileText.Check(Prop.ForAll(HostileText.AnyText, text => PersonalDataRedactor.Redact(text) is not null), tests: 500);
    }

    [Fact]
    public void Redact_AnyText_IsIdempotent()
    {
        // A second pass that finds more means the first one let personal data through.
        foreach (var texts in new[] { HostileText.AnyText, HostileText.WellFormed, Glued })
        {
            HostileText.Check(Prop.ForAll(texts, text =>
            {
                var once = PersonalDataRedactor.Redact(text);
                var twice = PersonalDataRedactor.Redact(once);
                return (twice == once).Label($"pass 1: {once} / pass 2: {twice}");
            }), tests: 1000);
        }
    }

    [Fact]
    public void Redact_PhoneInsideAnyText_IsRemoved()
    {
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, Phones, (text, phone) =>
            !PersonalDataRedactor.Redact(text + " " + phone + " " + text).Contains(phone, StringComparison.Ordinal)), tests: 500);
    }
}
