using FsCheck;
using FsCheck.Fluent;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Testing;

namespace MarocAssistant.Conversation.Tests.Privacy;

public sealed class PersonalDataRedactorPropertyTests
{
    private static readonly Arbitrary<string> Phones = Arb.From(
        Gen.Elements("06", "07", "05").SelectMany(prefix => Gen.Choose(10_000_000, 99_999_999).Select(n => prefix + n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void Redact_AnyText_NeverThrows()
    {
        // Not idempotent on every input (a second pass can find more next to a placeholder): reported, not asserted here.
        HostileText.Check(Prop.ForAll(HostileText.AnyText, text => PersonalDataRedactor.Redact(text) is not null), tests: 500);
    }

    [Fact]
    public void Redact_PhoneInsideAnyText_IsRemoved()
    {
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, Phones, (text, phone) =>
            !PersonalDataRedactor.Redact(text + " " + phone + " " + text).Contains(phone, StringComparison.Ordinal)), tests: 500);
    }
}
