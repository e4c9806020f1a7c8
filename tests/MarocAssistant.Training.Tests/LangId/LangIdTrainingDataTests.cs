using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MarocAssistant.Language.Detection;
using MarocAssistant.Language.LangId;
using MarocAssistant.Testing;
using MarocAssistant.Training.LangId;
using Xunit;

namespace MarocAssistant.Training.Tests.LangId;

/// <summary>
/// What the language identifier may be trained on. Outside test sets are drawn from FLORES-200, the Tatoeba test sets
/// and NLLB-Seed, so no line of those may be in the training files; the held-out set must stay unseen.
/// </summary>
public sealed class LangIdTrainingDataTests
{
    private static readonly string LangIdFolder = Path.Combine(RepoPaths.Corpus, "langid");

    [Fact]
    public void TrainingFiles_NoLineOfAnOutsideTestSource()
    {
        // Keys (not text) of the 20,993 FLORES-200 / Tatoeba / NLLB-Seed lines the repository once trained on.
        var path = Path.Combine(LangIdFolder, "build", "outside-test-lines.txt");
        Requirements.SkipUnless(File.Exists(path), "corpus/langid/build/outside-test-lines.txt");
        var forbidden = File.ReadLines(path).Where(l => l.Length > 0 && l[0] != '#').ToHashSet(StringComparer.Ordinal);

        var hits = TrainingFiles()
            .SelectMany(file => Read(file).Select(e => (File: Path.GetFileName(file), e.Text)))
            .Where(x => forbidden.Contains(Key(x.Text)))
            .Select(x => $"{x.File}: {x.Text}")
            .ToList();

        Assert.True(forbidden.Count > 20_000, $"{forbidden.Count} keys");
        Assert.True(hits.Count == 0, string.Join('\n', hits.Take(20)));
    }

    [Fact]
    public void TrainProvenance_EveryLineOfTrainTsvFromAnAllowedSource()
    {
        var train = Path.Combine(LangIdFolder, "train.tsv");
        var provenance = Path.Combine(LangIdFolder, "train.provenance.tsv");
        Requirements.SkipUnless(File.Exists(train) && File.Exists(provenance), "corpus/langid/train.tsv and train.provenance.tsv");
        var lines = File.ReadAllLines(train);
        var rows = File.ReadAllLines(provenance).Select(l => l.Split('\t', 4)).ToList();

        Assert.Equal("label\tsecondary\ttext", lines[0]);
        Assert.Equal(["label", "secondary", "source", "text"], rows[0]);
        Assert.Equal(lines.Length, rows.Count);
        for (var i = 1; i < lines.Length; i++)
        {
            Assert.Equal(lines[i], $"{rows[i][0]}\t{rows[i][1]}\t{rows[i][3]}");
            Assert.True(
                rows[i][2].StartsWith("DODa-v1-MIT:", StringComparison.Ordinal) || rows[i][2].StartsWith("project:", StringComparison.Ordinal),
                $"line {i + 1}: source {rows[i][2]}");
        }
    }

    [Fact]
    public void HeldOutSets_NoLineInAnyTrainingFile()
    {
        // Every held-out file (heldout.tsv, realchat.tsv, ...): none may leak into training.
        var heldoutFiles = Directory.GetFiles(Path.Combine(LangIdFolder, "heldout"), "*.tsv");
        Assert.Contains(heldoutFiles, f => Path.GetFileName(f) == "realchat.tsv");
        var heldout = heldoutFiles.SelectMany(Read).Select(e => Normalize(e.Text)).ToHashSet(StringComparer.Ordinal);

        var seen = TrainingFiles()
            .SelectMany(file => Read(file).Select(e => (File: Path.GetFileName(file), e.Text)))
            .Where(x => heldout.Contains(Normalize(x.Text)))
            .Select(x => $"{x.File}: {x.Text}")
            .ToList();

        Assert.True(seen.Count == 0, string.Join('\n', seen.Take(20)));
    }

    [Fact]
    public void TrainingFiles_EveryLabelHasData_AnswerLanguagesAtLeast1500Lines()
    {
        var counts = TrainingFiles().SelectMany(Read).GroupBy(e => e.Label).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        foreach (var label in LanguageLabels.All)
        {
            var floor = LanguageLabels.IsAnswerLanguage(label) ? 1500 : label == LanguageLabels.Spanish ? 400 : label == LanguageLabels.TamazightLatin ? 200 : 24;
            Assert.True(counts.GetValueOrDefault(label) >= floor, $"{label}: {counts.GetValueOrDefault(label)} lines");
        }
    }

    [Fact]
    public void Key_SameAsTheBuildScript()
    {
        // Computed by build_train.py's key(): the shadda (a combining mark) splits the word there too.
        Assert.Equal("bonjour ça va ⴰⵣⵓⵍ الس لام عليكم 3afak", Normalize("Bonjour, ÇA va ? ⴰⵣⵓⵍ السّلام عليكم 3afak"));
        Assert.Equal("dab3dc1d5c71596b", Key("Bonjour, ÇA va ? ⴰⵣⵓⵍ السّلام عليكم 3afak"));
    }

    /// <summary>The files `maroc train langid` reads by default: train.tsv and every other top-level *.tsv.</summary>
    private static List<string> TrainingFiles()
    {
        Requirements.SkipUnless(Directory.Exists(LangIdFolder), "corpus/langid");
        return Directory.GetFiles(LangIdFolder, "*.tsv")
            .Where(f => !f.EndsWith(".provenance.tsv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static IReadOnlyList<LangIdExample> Read(string path)
    {
        Requirements.SkipUnless(File.Exists(path), path);
        return LangIdDataset.ReadTsv(path, LanguageLabels.All.ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Same key as corpus/langid/build/build_train.py: first 16 hex digits of SHA-256 of the normalised text.</summary>
    private static string Key(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Normalize(text))))[..16];

    /// <summary>NFC; every code point that is not a letter or a decimal digit becomes a space; lower case; spaces collapsed.</summary>
    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var letter = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber;
            sb.Append(letter ? Rune.ToLowerInvariant(rune).ToString() : " ");
        }

        return string.Join(' ', sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
