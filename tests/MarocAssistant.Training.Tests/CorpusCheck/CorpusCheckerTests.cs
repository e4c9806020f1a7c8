using System.Text.Json.Nodes;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Training.CorpusCheck;
using MarocAssistant.Testing;

namespace MarocAssistant.Training.Tests.CorpusCheck;

public sealed class CorpusCheckerTests
{
    [Fact]
    public void Check_ShippedCorpus_HasNoErrors()
    {
        var report = CorpusChecker.Check(RepoPaths.Corpus);

        Assert.True(report.Ok, string.Join("\n", report.Errors));
        Assert.True(report.Rows.Count >= 58);
    }

    [Fact]
    public void Check_ShippedCorpus_CountsOfficialSourcesAndThirdPartyFacts()
    {
        var report = CorpusChecker.Check(RepoPaths.Corpus);

        Assert.InRange(report.OfficialSourced.Count, 1, report.Rows.Count);
        Assert.Contains("cnss-registration", report.OfficialSourced);
        Assert.DoesNotContain("electoral-registration", report.OfficialSourced);
        Assert.InRange(report.ThirdPartyOnlyFacts, 1, report.Facts);
    }

    [Fact]
    public void Check_TextFaults_ReportsNumbersFrenchRemarksAndDates()
    {
        using var folder = CorpusFolder.CopyOf("cnie-first");
        var path = Path.Combine(folder.Path, "procedures", "cnie-first.yaml");
        var yaml = File.ReadAllText(path)
            .Replace("ar: \"للأطفال دون 12 سنة\"", "ar: \"للأطفال دون 16 سنة\"", StringComparison.Ordinal)
            .Replace("ary: \"للدراري لي عندهم أقل من 12 عام\"", "ary: \"للدراري (commande en ligne) لي عندهم أقل من 12 عام\"", StringComparison.Ordinal)
            .Replace("fr: \"enfants de moins de 12 ans\"", "fr: \"enfants de moins de 12 ans (source secondaire)\"", StringComparison.Ordinal)
            .Replace("    kind: guide\n", "    kind: secondary\n", StringComparison.Ordinal);
        File.WriteAllText(path, yaml);

        var report = CorpusChecker.Check(folder.Path);

        Assert.Contains(report.Errors, e => e.Contains("kind", StringComparison.Ordinal) && e.Contains("secondary", StringComparison.Ordinal));
        var fixedKinds = yaml.Replace("    kind: secondary\n", "    kind: guide\n", StringComparison.Ordinal);
        File.WriteAllText(path, fixedKinds);
        report = CorpusChecker.Check(folder.Path);
        Assert.Contains(report.Errors, e => e.Contains("fees[1]: the numbers differ across languages", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("ary.fees[1]: French left in the text (commande", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("fr.fees[1]: editorial remark", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_TimeBoundFactEndingBeforeItStarts_IsReported()
    {
        using var folder = CorpusFolder.CopyOf("cnie-first");
        var path = Path.Combine(folder.Path, "procedures", "cnie-first.yaml");
        var yaml = File.ReadAllText(path).Replace(
            "    source: ct\n  - amount_mad: 50",
            "    source: ct\n    valid_from: \"2027-01-01\"\n    valid_until: \"2026-12-31\"\n  - amount_mad: 50",
            StringComparison.Ordinal);
        File.WriteAllText(path, yaml);

        var report = CorpusChecker.Check(folder.Path);

        Assert.Contains(report.Errors, e => e.Contains("fees[0]: valid_from 2027-01-01 is after valid_until 2026-12-31", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ShippedCorpus_EveryRecordHasTheFourRequiredLanguages()
    {
        var corpus = ProcedureCorpus.LoadFolder(Path.Combine(RepoPaths.Corpus, "procedures"));

        Assert.All(corpus.Records, r =>
        {
            Assert.NotNull(r.Fr);
            Assert.NotNull(r.Ar);
            Assert.NotNull(r.Ary);
            Assert.NotNull(r.AryLatn);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", r.LastReviewed);
        });
    }

    [Fact]
    public void Check_RecordWithUndeclaredSourceAndUnevenLists_ReportsBoth()
    {
        using var folder = CorpusFolder.CopyOf("cnie-first");
        var path = Path.Combine(folder.Path, "procedures", "cnie-first.yaml");
        var yaml = File.ReadAllText(path)
            .Replace("    source: ct\n  - amount_mad: 50", "    source: zz\n  - amount_mad: 50", StringComparison.Ordinal)
            .Replace("    - \"Suivez votre demande sur www.cnie.ma puis retirez votre carte.\"\n", "", StringComparison.Ordinal);
        File.WriteAllText(path, yaml);

        var report = CorpusChecker.Check(folder.Path);

        Assert.Contains(report.Errors, e => e.Contains("fees[0] names source \"zz\"", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("steps differ in length", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_RecordMissingDarijaBlockAndWithUnknownField_FailsSchema()
    {
        using var folder = CorpusFolder.CopyOf("cnie-first");
        var path = Path.Combine(folder.Path, "procedures", "cnie-first.yaml");
        var yaml = File.ReadAllText(path);
        var start = yaml.IndexOf("\nary_latn:", StringComparison.Ordinal);
        var end = yaml.IndexOf("\nen:", StringComparison.Ordinal);
        File.WriteAllText(path, yaml[..start] + yaml[end..] + "colour: blue\n");

        var report = CorpusChecker.Check(folder.Path);

        Assert.Contains(report.Errors, e => e.Contains("missing required \"ary_latn\"", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("unknown field \"colour\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_SameAliasInTwoRecords_ReportsDuplicate()
    {
        using var folder = CorpusFolder.CopyOf("cnie-first", "passport-first");
        var path = Path.Combine(folder.Path, "procedures", "passport-first.yaml");
        var yaml = File.ReadAllText(path);
        var at = yaml.IndexOf("  aliases:\n", yaml.IndexOf("\nfr:", StringComparison.Ordinal), StringComparison.Ordinal) + "  aliases:\n".Length;
        File.WriteAllText(path, yaml[..at] + "    - \"Carte  d'identité\"\n" + yaml[at..]);

        var report = CorpusChecker.Check(folder.Path);

        Assert.Contains(report.Errors, e => e.Contains("is also an alias of cnie-first", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"type\":\"string\",\"pattern\":\"^a+$\"}", "\"aaa\"", true)]
    [InlineData("{\"type\":\"string\",\"pattern\":\"^a+$\"}", "\"ab\"", false)]
    [InlineData("{\"type\":[\"object\",\"null\"]}", "null", true)]
    [InlineData("{\"type\":\"number\",\"minimum\":0}", "-1", false)]
    [InlineData("{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}]}", "null", true)]
    [InlineData("{\"anyOf\":[{\"type\":\"integer\"}]}", "\"x\"", false)]
    [InlineData("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}", "1", false)]
    [InlineData("{\"$defs\":{\"id\":{\"type\":\"string\",\"minLength\":2}},\"$ref\":\"#/$defs/id\"}", "\"a\"", false)]
    [InlineData("{\"const\":\"fr\"}", "\"fr\"", true)]
    [InlineData("{\"enum\":[\"Cosine\",\"Dot\"]}", "\"cosine\"", false)]
    [InlineData("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true}", "[1,1]", false)]
    public void Validate_SchemaSubset_AcceptsAndRejects(string schema, string instance, bool valid)
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse(schema)!);

        Assert.Equal(valid, validator.Validate(JsonNode.Parse(instance)).Count == 0);
    }

    [Fact]
    public void Validate_Violations_NamePathAndWhatIsWrong()
    {
        var validator = new JsonSchemaValidator(JsonNode.Parse("""
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object", "additionalProperties": false, "required": ["id", "fr"],
              "properties": {
                "id": { "type": "string", "pattern": "^[a-z-]+$" },
                "fr": { "type": "object", "properties": { "steps": { "type": "array", "items": { "type": "string" } } } }
              }
            }
            """)!);

        var errors = validator.Validate(JsonNode.Parse("""{ "id": "CNIE", "colour": "blue", "fr": { "steps": ["a", 2] } }"""));

        Assert.Contains("$: unknown field \"colour\"", errors);
        Assert.Contains(errors, e => e.StartsWith("$.id: pattern: ", StringComparison.Ordinal) && e.EndsWith("(found \"CNIE\")", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.fr.steps[1]: type: ", StringComparison.Ordinal) && e.EndsWith("(found 2)", StringComparison.Ordinal));
        Assert.Equal(["$: missing required \"id\", \"fr\""], validator.Validate(new JsonObject()));
        Assert.Equal(
            ["$: does not match the schema at # (found 1)"],
            new JsonSchemaValidator(JsonNode.Parse("{\"oneOf\":[{\"type\":\"integer\"},{\"type\":\"number\"}]}")!).Validate(JsonValue.Create(1)));
    }

    [Theory]
    [InlineData("a: 75", "75")]
    [InlineData("a: \"75\"", "\"75\"")]
    [InlineData("a: 2026-11", "\"2026-11\"")]
    [InlineData("a: null", "null")]
    [InlineData("a: true", "true")]
    public void Parse_YamlScalars_FollowCoreSchema(string yaml, string json)
    {
        var node = YamlJson.Parse(yaml)!;

        Assert.Equal(json, node["a"]?.ToJsonString() ?? "null");
    }

    /// <summary>A temporary corpus folder with the schema and a few shipped records.</summary>
    private sealed class CorpusFolder : IDisposable
    {
        private CorpusFolder(string path) => Path = path;

        public string Path { get; }

        public static CorpusFolder CopyOf(params string[] ids)
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "maroc-corpus-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(System.IO.Path.Combine(path, "procedures"));
            Directory.CreateDirectory(System.IO.Path.Combine(path, "questions"));
            File.Copy(System.IO.Path.Combine(RepoPaths.Corpus, "procedure.schema.json"), System.IO.Path.Combine(path, "procedure.schema.json"));
            Directory.CreateDirectory(System.IO.Path.Combine(path, "lexicon"));
            File.Copy(System.IO.Path.Combine(RepoPaths.Corpus, "lexicon", "allowed-latin.txt"), System.IO.Path.Combine(path, "lexicon", "allowed-latin.txt"));
            foreach (var id in ids)
            {
                File.Copy(System.IO.Path.Combine(RepoPaths.Corpus, "procedures", id + ".yaml"), System.IO.Path.Combine(path, "procedures", id + ".yaml"));
            }

            return new CorpusFolder(path);
        }

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
