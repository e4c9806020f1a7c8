// Over 400 lines: one check per corpus rule, all over the same raw JSON records, so a failing rule is found by reading one file.
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Corpus;

namespace MarocAssistant.Training.CorpusCheck;

/// <summary>
/// Checks the corpus folder against the schema and the rules the schema cannot express: every required id present,
/// the four required languages filled, parallel steps and documents, every fact's source declared, related ids known,
/// button labels short, no alias shared by two procedures (they would be indistinguishable), and the consistency of
/// what a citizen reads: the same numbers in every language of a text, no French left in Arabic, Darija or Arabizi
/// texts (<see cref="LatinText"/>), no editorial remark outside <c>notes</c> (<see cref="EditorialNotes"/>), and sane
/// dates on sources and time-bound facts. It also counts the records with an official source and the facts that
/// rest on press or guides only.
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
        var latin = LatinText.Load(corpusRoot);
        var records = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var officialSourced = new List<string>();
        var thirdPartyFacts = 0;
        var facts = 0;

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
                errors.AddRange(CheckTexts(record, latin).Select(e => $"{name}: {e}"));
                errors.AddRange(CheckDates(record).Select(e => $"{name}: {e}"));
                var kinds = SourceKindsById(record);
                if (kinds.ContainsValue(SourceKinds.Official))
                {
                    officialSourced.Add(name);
                }

                foreach (var (_, references) in Facts(record))
                {
                    facts++;
                    if (references.Count > 0 && references.All(r => kinds.TryGetValue(r, out var kind) && kind != SourceKinds.Official))
                    {
                        thirdPartyFacts++;
                    }
                }
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

        return new CorpusReport(rows, errors)
        {
            OfficialSourced = officialSourced,
            Facts = facts,
            ThirdPartyOnlyFacts = thirdPartyFacts,
        };
    }

    private static Dictionary<string, string> SourceKindsById(JsonObject record) =>
        (record["sources"] as JsonArray ?? [])
            .Select(s => ((string?)s?["id"] ?? "", (string?)s?["kind"] ?? ""))
            .GroupBy(s => s.Item1, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal);

    /// <summary>Every fact of a record with the sources it rests on: each fee, delay, validity, place, online service,
    /// contact, legal text and calendar date, and the step and document lists.</summary>
    private static IEnumerable<(string Path, IReadOnlyList<string> Sources)> Facts(JsonObject record)
    {
        foreach (var field in new[] { "online_service", "delay", "validity", "where_to_apply", "contact" })
        {
            if (record[field] is JsonObject fact)
            {
                yield return (field, [(string?)fact["source"] ?? ""]);
            }
        }

        foreach (var field in new[] { "fees", "legal_basis", "calendar" })
        {
            var items = record[field] as JsonArray ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                yield return ($"{field}[{i}]", [(string?)items[i]?["source"] ?? ""]);
            }
        }

        foreach (var (list, sources) in new[] { ("steps", "steps_source"), ("documents", "documents_source") })
        {
            if ((record["fr"]?[list] as JsonArray)?.Count > 0)
            {
                yield return (list, (record[sources] as JsonArray ?? []).Select(r => (string?)r ?? "").ToList());
            }
        }
    }

    /// <summary>
    /// Every text a citizen may read, by path, in each language it is written in: the localized fields (administration,
    /// fee conditions, delay, validity, place, contact, button label, online service name, calendar dates) and the
    /// language blocks (title, summary, each step and document). Aliases are search terms, not read, so not included.
    /// </summary>
    public static IEnumerable<(string Path, IReadOnlyDictionary<string, string> Texts)> CitizenTexts(JsonObject record)
    {
        var localized = new List<(string, JsonNode?)>
        {
            ("administration", record["administration"]),
            ("delay", record["delay"]?["text"]),
            ("validity", record["validity"]?["text"]),
            ("where_to_apply", record["where_to_apply"]?["text"]),
            ("contact", record["contact"]?["text"]),
            ("variant.label", record["variant"]?["label"]),
            ("online_service.name", record["online_service"]?["name"]),
        };
        foreach (var field in new[] { "fees", "calendar" })
        {
            var items = record[field] as JsonArray ?? [];
            for (var i = 0; i < items.Count; i++)
            {
                localized.Add(($"{field}[{i}]", items[i]?[field == "fees" ? "condition" : "text"]));
            }
        }

        foreach (var (path, node) in localized)
        {
            switch (node)
            {
                case JsonObject texts:
                    yield return (path, AllLanguages.Where(l => texts[l] is JsonValue).ToDictionary(l => l, l => (string?)texts[l] ?? "", StringComparer.Ordinal));
                    break;
                case JsonValue value:
                    yield return (path, new Dictionary<string, string>(StringComparer.Ordinal) { ["fr"] = (string?)value ?? "" });
                    break;
            }
        }

        foreach (var field in new[] { "title", "summary" })
        {
            yield return ($"{{lang}}.{field}", AllLanguages.Where(l => record[l]?[field] is JsonValue).ToDictionary(l => l, l => (string?)record[l]![field] ?? "", StringComparer.Ordinal));
        }

        foreach (var list in new[] { "steps", "documents" })
        {
            var count = (record["fr"]?[list] as JsonArray)?.Count ?? 0;
            for (var i = 0; i < count; i++)
            {
                var index = i;
                yield return ($"{{lang}}.{list}[{i}]", AllLanguages
                    .Where(l => (record[l]?[list] as JsonArray)?.Count > index)
                    .ToDictionary(l => l, l => (string?)record[l]![list]![index] ?? "", StringComparer.Ordinal));
            }
        }
    }

    /// <summary>Same numbers in every language, no French in Arabic, Darija or Arabizi, no editorial remark.</summary>
    private static IEnumerable<string> CheckTexts(JsonObject record, LatinText latin)
    {
        foreach (var (pathTemplate, texts) in CitizenTexts(record))
        {
            var path = pathTemplate.Replace("{lang}.", "", StringComparison.Ordinal);
            if (pathTemplate == "online_service.name" && texts.Count == 1)
            {
                yield return "online_service.name is French only: give it in every language (fr, ar, ary, ary_latn, en)";
            }

            var numbers = texts.ToDictionary(t => t.Key, t => TextNumbers.Extract(t.Value, ToLanguage(t.Key)), StringComparer.Ordinal);
            if (numbers.Values.Select(n => string.Join(',', n)).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                yield return $"{path}: the numbers differ across languages: " +
                    string.Join("; ", numbers.Select(n => $"{n.Key} [{string.Join(", ", n.Value)}]"));
            }

            foreach (var (language, text) in texts)
            {
                var french = latin.FrenchWords(text, ToLanguage(language));
                if (french.Count > 0)
                {
                    yield return $"{language}.{path}: French left in the text ({string.Join(", ", french.Distinct(StringComparer.Ordinal))}): \"{text}\"";
                }

                foreach (var remark in EditorialNotes.Find(text))
                {
                    yield return $"{language}.{path}: editorial remark \"{remark}\" belongs in notes";
                }
            }
        }

        foreach (var source in record["sources"] as JsonArray ?? [])
        {
            foreach (var remark in EditorialNotes.Find((string?)source?["title"] ?? ""))
            {
                yield return $"sources.{(string?)source?["id"]}.title: editorial remark \"{remark}\" belongs in notes";
            }
        }
    }

    /// <summary>A source is not published after we saw it; a time-bound fact does not end before it starts.</summary>
    private static IEnumerable<string> CheckDates(JsonObject record)
    {
        foreach (var source in record["sources"] as JsonArray ?? [])
        {
            var published = (string?)source?["published"];
            var seen = (string?)source?["seen"] ?? "";
            if (published is not null && string.CompareOrdinal(published, seen[..Math.Min(seen.Length, published.Length)]) > 0)
            {
                yield return $"sources.{(string?)source?["id"]}: published {published} is after seen {seen}";
            }
        }

        var bounded = new List<(string, JsonNode?)> { ("delay", record["delay"]), ("validity", record["validity"]), ("where_to_apply", record["where_to_apply"]) };
        foreach (var field in new[] { "fees", "calendar" })
        {
            var items = record[field] as JsonArray ?? [];
            bounded.AddRange(items.Select((item, i) => ($"{field}[{i}]", item)));
        }

        foreach (var (path, node) in bounded)
        {
            if ((string?)node?["valid_from"] is { } from && (string?)node?["valid_until"] is { } until && string.CompareOrdinal(from, until) > 0)
            {
                yield return $"{path}: valid_from {from} is after valid_until {until}";
            }
        }
    }

    private static RecordLanguage ToLanguage(string key) => RecordLanguages.FromKey(key);

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

        foreach (var field in new[] { "fees", "legal_basis", "calendar" })
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

    /// <summary>The records with at least one official source.</summary>
    public IReadOnlyList<string> OfficialSourced { get; init; } = [];

    /// <summary>All facts of the corpus (each fee, delay, place, legal text, calendar date, step list...).</summary>
    public int Facts { get; init; }

    /// <summary>The facts whose every source is press or a guide.</summary>
    public int ThirdPartyOnlyFacts { get; init; }
}
