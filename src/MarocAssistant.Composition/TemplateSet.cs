using MarocAssistant.Retrieval.Corpus;
using YamlDotNet.Serialization;

namespace MarocAssistant.Composition;

/// <summary>
/// The assistant's fixed texts, one YAML file per record language (<c>Templates/fr.yaml</c>, <c>ary_latn.yaml</c>...),
/// so that a non-programmer can edit them. Every language must define every key that French defines.
/// </summary>
public sealed class TemplateSet
{
    private readonly Dictionary<RecordLanguage, Dictionary<string, string>> _texts;

    private TemplateSet(Dictionary<RecordLanguage, Dictionary<string, string>> texts)
    {
        _texts = texts;
    }

    /// <summary>The folder shipped next to the binaries.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Templates");

    public static TemplateSet LoadFolder(string folder)
    {
        var deserializer = new DeserializerBuilder().Build();
        var texts = new Dictionary<RecordLanguage, Dictionary<string, string>>();
        foreach (var language in Enum.GetValues<RecordLanguage>())
        {
            var path = Path.Combine(folder, FileName(language));
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"Template file missing: {path}");
            }

            texts[language] = deserializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }

        var missing = texts[RecordLanguage.Fr].Keys
            .SelectMany(key => texts.Where(t => !t.Value.ContainsKey(key)).Select(t => $"{FileName(t.Key)}: {key}"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException("Template keys missing: " + string.Join(", ", missing));
        }

        return new TemplateSet(texts);
    }

    public string Get(RecordLanguage language, string key) =>
        _texts[language].TryGetValue(key, out var text) ? text : _texts[RecordLanguage.Fr][key];

    /// <summary>A text with its {placeholders} filled in.</summary>
    public string Format(RecordLanguage language, string key, params (string Name, string Value)[] values)
    {
        var text = Get(language, key);
        foreach (var (name, value) in values)
        {
            text = text.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }

        return text;
    }

    public static string FileName(RecordLanguage language) => language switch
    {
        RecordLanguage.AryLatn => "ary_latn.yaml",
        _ => language.ToString().ToLowerInvariant() + ".yaml",
    };
}
