using MarocAssistant.Retrieval.Corpus;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarocAssistant.Conversation.Understanding;

/// <summary>
/// Names citizens use for several procedures at once (<c>corpus/families.yaml</c>): "carte grise" is a new car's
/// registration or a used car's transfer, "légalisation" a signature or a certified copy. A family counts only when
/// all its ids are records, so the file can run ahead of the corpus.
/// </summary>
public sealed class ProcedureFamilies
{
    private readonly List<Known> _families;

    private ProcedureFamilies(List<Known> families) => _families = families;

    public static ProcedureFamilies Empty { get; } = new([]);

    public int Count => _families.Count;

    /// <summary>Reads the file beside the procedures folder; a missing file means no families.</summary>
    public static ProcedureFamilies Load(string path, ProcedureCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        if (!File.Exists(path))
        {
            return Empty;
        }

        var file = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build()
            .Deserialize<FamilyFile>(File.ReadAllText(path)) ?? new FamilyFile();
        var families = new List<Known>();
        foreach (var family in file.Families)
        {
            var records = family.Ids.Select(corpus.Find).OfType<ProcedureRecord>().ToList();
            if (records.Count >= 2 && records.Count == family.Ids.Count)
            {
                var names = family.Names.Select(CueText.Normalize).Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToArray();
                families.Add(new Known(records, names));
            }
        }

        return new ProcedureFamilies(families);
    }

    /// <summary>The family the message names and the message without the family's names, or null.</summary>
    public (IReadOnlyList<ProcedureRecord> Records, string Remainder)? Match(string text)
    {
        var plain = CueText.Normalize(text);
        var form = CueText.MatchForm(plain);
        foreach (var family in _families)
        {
            if (family.Names.Any(name => form.Contains(name, StringComparison.Ordinal)))
            {
                return (family.Records, Without(plain, family.Names));
            }
        }

        return null;
    }

    /// <summary>
    /// The message without every name of the family ("التامين الاجباري عن المرض AMO" says AMO twice), found in the
    /// text as written or without a glued prefix ("فالامو"); the other words stay as written ("بغيت", not "غيت").
    /// </summary>
    private static string Without(string plain, string[] names)
    {
        // The stripped forms keep one token per word of the text, so a name found in them removes the same words.
        var words = plain.Split(' ');
        var removed = new bool[words.Length];
        foreach (var form in new[] { words, CueText.WithoutParticles(plain).Split(' '), CueText.WithoutClitics(plain).Split(' ') })
        {
            foreach (var name in names)
            {
                var nameWords = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (var start = 0; start + nameWords.Length <= form.Length; start++)
                {
                    if (nameWords.Select((w, i) => form[start + i] == w).All(same => same))
                    {
                        Array.Fill(removed, true, start, nameWords.Length);
                    }
                }
            }
        }

        return " " + string.Join(' ', words.Where((w, i) => !removed[i] && w.Length > 0)) + " ";
    }

    private sealed record Known(IReadOnlyList<ProcedureRecord> Records, string[] Names);

    private sealed class FamilyFile
    {
        public List<Family> Families { get; set; } = [];
    }

    private sealed class Family
    {
        public List<string> Ids { get; set; } = [];

        public List<string> Names { get; set; } = [];
    }
}
