using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace MarocAssistant.Retrieval.Corpus;

/// <summary>The loaded procedures, by id. Immutable once loaded, so it is shared by every turn.</summary>
public sealed class ProcedureCorpus
{
    private readonly Dictionary<string, ProcedureRecord> _byId;

    public ProcedureCorpus(IEnumerable<ProcedureRecord> records)
    {
        Records = records.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        _byId = Records.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<ProcedureRecord> Records { get; }

    public int Count => Records.Count;

    public ProcedureRecord? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Reads every <c>*.yaml</c> file of a folder. Throws <see cref="CorpusException"/> naming the bad file.</summary>
    public static ProcedureCorpus LoadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CorpusException($"Corpus folder not found: {folder}");
        }

        var records = new List<ProcedureRecord>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            records.Add(LoadFile(file));
        }

        return new ProcedureCorpus(records);
    }

    public static ProcedureRecord LoadFile(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            throw new CorpusException($"{Path.GetFileName(path)}: {ex.Message}", ex);
        }
    }

    public static ProcedureRecord Parse(string yaml) =>
        Deserializer.Deserialize<ProcedureRecord>(yaml) ?? throw new CorpusException("Empty procedure record.");

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();
}

/// <summary>A corpus file that cannot be read.</summary>
public sealed class CorpusException : Exception
{
    public CorpusException(string message)
        : base(message)
    {
    }

    public CorpusException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
