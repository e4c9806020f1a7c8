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
    private readonly List<(IReadOnlyList<ProcedureRecord> Records, string[] Names)> _families;

    private ProcedureFamilies(List<(IReadOnlyList<ProcedureRecord> Records, string[] Names)> families) => _families = families;

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
        var families = new List<(IReadOnlyList<ProcedureRecord>, string[])>();
        foreach (var family in file.Families)
        {
            var records = family.Ids.Select(corpus.Find).OfType<ProcedureRecord>().ToList();
            if (records.Count >= 2 && records.Count == family.Ids.Count)
            {
                families.Add((records, family.Names.Select(CueText.Normalize).Where(n => n.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToArray()));
            }
        }

        return new ProcedureFamilies(families);
    }

    /// <summary>The family the message names and the message without that name, or null.</summary>
    public (IReadOnlyList<ProcedureRecord> Records, string Remainder)? Match(string text)
    {
        var form = CueText.MatchForm(CueText.Normalize(text));
        foreach (var (records, names) in _families)
        {
            foreach (var name in names)
            {
                if (form.Contains(name, StringComparison.Ordinal))
                {
                    // The remainder is read from the plain form only (MatchForm repeats the text without particles).
                    var plain = CueText.Normalize(text);
                    return (records, plain.Replace(name, " ", StringComparison.Ordinal));
                }
            }
        }

        return null;
    }

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
