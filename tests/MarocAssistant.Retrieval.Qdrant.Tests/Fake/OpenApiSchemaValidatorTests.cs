using System.Text.Json.Nodes;
using MarocAssistant.Testing;
using Xunit;

namespace MarocAssistant.Retrieval.Qdrant.Tests.Fake;

public sealed class OpenApiSchemaValidatorTests
{
    private static readonly Lazy<OpenApiSchemaValidator> Validator = new(() => new OpenApiSchemaValidator(RepoPaths.SharedFile("specs", "qdrant", "openapi.json")));

    [Fact]
    public void Constructor_QdrantSpec_RewritesNullableAnyOfSites()
    {
        Assert.True(Validator.Value.RewrittenNullableSites > 200, $"{Validator.Value.RewrittenNullableSites} sites");
    }

    [Theory]
    [InlineData("create-collection-dense-plus-sparse-idf.json")]
    [InlineData("create-payload-index-keyword.json")]
    [InlineData("create-payload-index-tenant.json")]
    [InlineData("upsert-points-wait.json")]
    [InlineData("query-hybrid-rrf.json")]
    [InlineData("query-hybrid-rrf-parameterized.json")]
    [InlineData("query-filter-should-range.json")]
    public void Validate_SharedExamples_AreValid(string file)
    {
        var (method, template, body) = Example(file);

        var errors = Validator.Value.Validate(body, Validator.Value.RequestSchema(method, template));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("query-hybrid-rrf.json", "\"fusion\": \"rrf\"", "\"fusion\": \"rrf2\"")]
    [InlineData("create-collection-dense-plus-sparse-idf.json", "\"Cosine\"", "\"cosine\"")]
    [InlineData("create-collection-dense-plus-sparse-idf.json", "\"idf\"", "\"bm25\"")]
    [InlineData("query-hybrid-rrf.json", "\"limit\": 5", "\"limitt\": 5")]
    [InlineData("query-hybrid-rrf.json", "\"limit\": 5", "\"limit\": -5")]
    [InlineData("upsert-points-wait.json", "\"id\": 1", "\"id\": \"not-a-uuid\"")]
    [InlineData("create-payload-index-keyword.json", "\"keyword\"", "\"keywords\"")]
    public void Validate_WrongBodies_AreRejected(string file, string from, string to)
    {
        var (method, template, _) = Example(file);
        var text = File.ReadAllText(RepoPaths.SharedFile("specs", "qdrant", "examples", file));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text.Replace(from, to, StringComparison.Ordinal))!.AsObject();
        body.Remove("_request");

        var errors = Validator.Value.Validate(body, Validator.Value.RequestSchema(method, template));

        Assert.NotEmpty(errors);
    }

    private static (string Method, string Template, JsonObject Body) Example(string file)
    {
        var body = JsonNode.Parse(File.ReadAllText(RepoPaths.SharedFile("specs", "qdrant", "examples", file)))!.AsObject();
        var request = body["_request"]!.GetValue<string>().Split(' ');
        body.Remove("_request");
        var path = request[1].Split('?')[0].Replace("citizen_docs", "{collection_name}", StringComparison.Ordinal);
        return (request[0], path, body);
    }
}
