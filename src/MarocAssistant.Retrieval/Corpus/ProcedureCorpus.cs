using YamlDotNet.Core;
using YamlDotNet.Core.Events;
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
        .WithTypeConverter(new LocalizedConverter())
        .Build();

    /// <summary>Reads a <see cref="Localized"/> from its mapping (fr, ar, ary, ary_latn, en) or, in older records, a plain French string.</summary>
    private sealed class LocalizedConverter : IYamlTypeConverter
    {
        public bool Accepts(Type type) => type == typeof(Localized);

        public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
        {
            if (parser.TryConsume<Scalar>(out var scalar))
            {
                return new Localized { Fr = scalar.Value };
            }

            var localized = new Localized();
            parser.Consume<MappingStart>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                var value = parser.Consume<Scalar>().Value;
                switch (key.Value)
                {
                    case "fr": localized.Fr = value; break;
                    case "ar": localized.Ar = value; break;
                    case "ary": localized.Ary = value; break;
                    case "ary_latn": localized.AryLatn = value; break;
                    case "en": localized.En = value; break;
                    default: throw new YamlException(key.Start, key.End, $"Unknown language \"{key.Value}\" in a localized text.");
                }
            }

            return localized;
        }

        public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
            throw new NotSupportedException("Records are written by people, not by the program.");
    }
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
