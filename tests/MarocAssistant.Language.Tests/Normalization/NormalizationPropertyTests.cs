using FsCheck.Fluent;
using MarocAssistant.Language.Normalization;
using MarocAssistant.Testing;

namespace MarocAssistant.Language.Tests.Normalization;

/// <summary>The normalisers over generated text as it reaches them (well-formed: the pipeline's guard replaces the rest).</summary>
public sealed class NormalizationPropertyTests
{
    [Fact]
    public void Normalize_WellFormedText_NeverThrowsAndTokensAreNonEmpty() =>
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text =>
        {
            _ = TextNormalizer.Normalize(text);
            return TextNormalizer.Tokenize(text).All(t => t.Text.Length > 0);
        }), tests: 500);

    [Fact]
    public void Transliterate_WellFormedWords_NeverThrows() =>
        HostileText.Check(Prop.ForAll(HostileText.WellFormed, text =>
            text.Split(' ', StringSplitOptions.RemoveEmptyEntries).All(word => ArabiziTransliterator.Default.Transliterate(word) is not null && ArabicSkeleton.Of(word) is not null)), tests: 500);
}
