using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MarocAssistant.Retrieval.Corpus.Checking;

/// <summary>
/// Checks the corpus folder against the schema and the rules the schema cannot express: every required id present,
/// the four required languages filled, parallel steps and documents, every fact's source declared, related ids known,
/// button labels short, and no alias shared by two procedures (they would be indistinguishable).
/// </summary>
public sealed class CorpusChecker
{
    private static readonly string[] RequiredLanguages = ["fr", "ar", "ary", "ary_latn"];
    private static readonly string[] AllLanguages = ["fr", "ar", "ary", "ary_latn", "en"];
    private static readonly string[] QuestionLabels = ["ary-Arab", "ary-Latn", "arb", "fr", "en"];

    /// <summary>Checks <paramref name="corpusRoot"/> (the folder holding procedures/, questions/, procedure.schema.json).</summary>
    public static CorpusReport Check(string corpusRoot)
    {
        var errors = new List<string>();
        var rows = new List<CoverageRow>();
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(corpusRoot, "procedure.schema.json")))!;
        var validator = new JsonSchemaValidator(schema);
        var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);

        foreach (var file in Directory.EnumerateFiles(Path.Combine(corpusRoot, "procedures"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            JsonNode? node;
            try
            {
                node = YamlJson.Parse(File.ReadAllText(file));
            }
            catch (YamlDotNet.Core.YamlException ex)
            {
                errors.Add($"{name}: not valid YAML: {ex.Message}");
                continue;
            }

            var schemaErrors = validator.Validate(node);
            errors.AddRange(schemaErrors.Select(e => $"{name}: {e}"));
            if (node is not JsonObject record)
            {
                continue;
            }

            if ((string?)record["id"] != name)
            {
                errors.Add($"{name}: the id must equal the file name");
            }

            records[name] = record;
            if (schemaErrors.Count == 0)
            {
                errors.AddRange(CheckRules(name, record).Select(e => $"{name}: {e}"));
            }
        }

        var requiredIds = File.Exists(Path.Combine(corpusRoot, "required-ids.txt"))
            ? File.ReadAllLines(Path.Combine(corpusRoot, "required-ids.txt")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
            : [];
        errors.AddRange(requiredIds.Where(id => !records.ContainsKey(id)).Select(id => $"{id}: required procedure missing"));
        errors.AddRange(CheckRelated(records));
        errors.AddRange(CheckAliases(records));

        foreach (var (id, record) in records)
        {
            var questions = CountQuestions(Path.Combine(corpusRoot, "questions", id + ".tsv"));
            rows.Add(new CoverageRow(
                id,
                AllLanguages.ToDictionary(l => l, l => record[l] is JsonObject, StringComparer.Ordinal),
                (record["fr"]?["steps"] as JsonArray)?.Count ?? 0,
                (record["fr"]?["documents"] as JsonArray)?.Count ?? 0,
                (record["fees"] as JsonArray)?.Count ?? 0,
                (record["sources"] as JsonArray)?.Count ?? 0,
                questions));
            if (questions.Values.Sum() < 12)
            {
                errors.Add($"{id}: fewer than 12 training questions in questions/{id}.tsv");
            }
        }

        return new CorpusReport(rows, errors);
    }

    private static IEnumerable<string> CheckRules(string id, JsonObject record)
    {
        var sources = (record["sources"] as JsonArray ?? []).Select(s => (string?)s?["id"]).ToHashSet(StringComparer.Ordinal);
        foreach (var (path, reference) in SourceReferences(record))
        {
            if (!sources.Contains(reference))
            {
                yield return $"{path} names source \"{reference}\", which is not in sources";
            }
        }

        foreach (var language in RequiredLanguages)
        {
            if (record[language] is not JsonObject)
            {
                yield return $"language block \"{language}\" missing";
            }
        }

        foreach (var list in new[] { "steps", "documents" })
        {
            var counts = AllLanguages.Where(l => record[l] is JsonObject).Select(l => (l, (record[l]![list] as JsonArray)?.Count ?? 0)).ToList();
            if (counts.Select(c => c.Item2).Distinct().Count() > 1)
            {
                yield return $"{list} differ in length across languages: {string.Join(", ", counts.Select(c => $"{c.l}={c.Item2}"))}";
            }

            if (list == "documents" && counts.Any(c => c.Item2 > 0) && (record["documents_source"] as JsonArray ?? []).Count == 0)
            {
                yield return "documents are listed without documents_source";
            }

            if (list == "steps" && counts.Any(c => c.Item2 > 0) && (record["steps_source"] as JsonArray ?? []).Count == 0)
            {
                yield return "steps are listed without steps_source";
            }
        }

        foreach (var language in AllLanguages)
        {
            if ((string?)record["variant"]?["label"]?[language] is { Length: > 20 } label)
            {
                yield return $"variant.label.{language} \"{label}\" is longer than 20 characters (WhatsApp button limit)";
            }
        }
    }

    /// <summary>Every place a record names a source: facts, lists, legal basis.</summary>
    private static IEnumerable<(string Path, string Reference)> SourceReferences(JsonObject record)
    {
        foreach (var field in new[] { "online_service", "delay", "validity", "where_to_apply", "contact" })
        {
            if ((string?)record[field]?["source"] is { } reference)
            {
                yield return (field, reference);
            }
        }

        foreach (var field in new[] { "fees", "legal_basis" })
        {
            var items = record[field] as JsonArray ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                if ((string?)items[i]?["source"] is { } reference)
                {
                    yield return ($"{field}[{i}]", reference);
                }
            }
        }

        foreach (var field in new[] { "steps_source", "documents_source" })
        {
            foreach (var reference in record[field] as JsonArray ?? [])
            {
                yield return (field, (string?)reference ?? "");
            }
        }
    }

    private static IEnumerable<string> CheckRelated(Dictionary<string, JsonObject> records)
    {
        foreach (var (id, record) in records)
        {
            foreach (var related in record["related"] as JsonArray ?? [])
            {
                if ((string?)related is { } other && !records.ContainsKey(other))
                {
                    yield return $"{id}: related id \"{other}\" is not a procedure";
                }
            }
        }
    }

    private static IEnumerable<string> CheckAliases(Dictionary<string, JsonObject> records)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, record) in records)
        {
            foreach (var language in AllLanguages)
            {
                foreach (var alias in record[language]?["aliases"] as JsonArray ?? [])
                {
                    var key = AliasKey((string?)alias ?? "");
                    if (owners.TryGetValue(key, out var owner) && owner != id)
                    {
                        yield return $"{id}: alias \"{alias}\" is also an alias of {owner}";
                    }

                    owners.TryAdd(key, id);
                }
            }
        }
    }

    /// <summary>Aliases that differ only in case, accents, punctuation or spacing are the same alias.</summary>
    public static string AliasKey(string alias)
    {
        var folded = new StringBuilder();
        foreach (var c in alias.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else if (folded.Length > 0 && folded[^1] != ' ')
            {
                folded.Append(' ');
            }
        }

        return folded.ToString().Trim();
    }

    private static Dictionary<string, int> CountQuestions(string path)
    {
        var counts = QuestionLabels.ToDictionary(l => l, _ => 0, StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return counts;
        }

        foreach (var line in File.ReadLines(path))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && counts.ContainsKey(line[..tab]) && line.Length > tab + 1)
            {
                counts[line[..tab]]++;
            }
        }

        return counts;
    }
}

/// <summary>What one procedure covers: languages present, list sizes and training questions per language.</summary>
public sealed record CoverageRow(
    string Id,
    IReadOnlyDictionary<string, bool> Languages,
    int Steps,
    int Documents,
    int Fees,
    int Sources,
    IReadOnlyDictionary<string, int> Questions);

/// <summary>The result of a corpus check.</summary>
public sealed record CorpusReport(IReadOnlyList<CoverageRow> Rows, IReadOnlyList<string> Errors)
{
    public bool Ok => Errors.Count == 0;
}
