using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MarocAssistant.Channels.WhatsApp;
using MarocAssistant.Host.Admin;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>
/// Every endpoint that reads a JSON body answers a malformed one with a 400 that says in words what is wrong, and
/// never with the parser's own message (.NET type names, byte positions, "Path:", "LineNumber").
/// </summary>
public sealed class ProblemWordingTests : IClassFixture<BadInputFixture>
{
    private readonly BadInputFixture _fixture;

    public ProblemWordingTests(BadInputFixture fixture)
    {
        _fixture = fixture;
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var endpoint in new[] { "messages", "directline-activity", "directline-start", "directline-generate", "directline-upload", "whatsapp", "widget" })
        {
            // The Direct Line endpoints keep their fixed words ("The body is not a valid activity.", "... not valid JSON.").
            data.Add(endpoint, "{\"type\":\"message\",\"text\":", endpoint.StartsWith("directline", StringComparison.Ordinal) ? "not " : "not well-formed JSON");
            data.Add(endpoint, "{\"type\":\"message\",\"text\":\"a\u00FF\"}".Replace("\u00FF", "\\uD800", StringComparison.Ordinal), "");
            data.Add(endpoint, "[1,2,3]", "");
            data.Add(endpoint, "{\"type\":\"message\",\"from\":\"citizen\",\"text\":\"x\",\"user\":5,\"entry\":5,\"administration\":[1]}", "");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Post_MalformedJson_400DetailInWordsWithoutParserInternals(string endpoint, string body, string expected)
    {
        using var request = Build(endpoint, Encoding.UTF8.GetBytes(body));

        using var response = await _fixture.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        if ((int)response.StatusCode < 400)
        {
            // Some endpoints take some of these bodies (a WhatsApp notification of another kind is acknowledged).
            return;
        }

        Assert.Equal(400, (int)response.StatusCode);
        var detail = (string?)JsonNode.Parse(text)!["detail"] ?? (string?)JsonNode.Parse(text)!["error"]?["message"];
        Assert.False(string.IsNullOrWhiteSpace(detail), $"{endpoint}: no detail in {text}");
        Assert.False(BadInputCatalog.ShowsParserInternals(text), $"{endpoint}: {text}");
        Assert.Contains(expected, detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"from\":\"citizen\",\"text\":\"x\"}", "The field \"from\" has the wrong type or value.")]
    [InlineData("{\"type\":\"message\",\"text\":\"a\",", "The body is not well-formed JSON in UTF-8: send a JSON activity.")]
    [InlineData("[{\"type\":\"message\"}]", "The body must be a JSON object (activity).")]
    [InlineData("{\"type\":\"message\",\"membersAdded\":[{\"id\":5}]}", "The field \"membersAdded[0].id\" has the wrong type or value.")]
    public async Task PostMessages_MalformedActivity_SaysWhatIsWrong(string body, string detail)
    {
        using var request = Build("messages", Encoding.UTF8.GetBytes(body));

        using var response = await _fixture.Client.SendAsync(request, Ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(detail, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["detail"]);
    }

    [Fact]
    public async Task DeleteConversation_IdTooLong_400InWords()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/conversations/" + new string('c', 300));
        request.Headers.Add(AdminOptions.HeaderName, AssistantHost.AdminKey);

        using var response = await _fixture.Client.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("at most 256 characters", text, StringComparison.Ordinal);
        Assert.False(BadInputCatalog.ShowsParserInternals(text));
    }

    private HttpRequestMessage Build(string endpoint, byte[] body)
    {
        var (path, credential) = endpoint switch
        {
            "messages" => ("/api/messages", null),
            "directline-activity" => (_fixture.ActivitiesPath, _fixture.Token),
            "directline-start" => ("/v3/directline/conversations", AssistantHost.DirectLineSecret),
            "directline-generate" => ("/v3/directline/tokens/generate", AssistantHost.DirectLineSecret),
            "whatsapp" => ("/api/whatsapp", null),
            "widget" => ("/api/widget/token", null),
            _ => (_fixture.ActivitiesPath.Replace("/activities", "/upload?userId=x", StringComparison.Ordinal), _fixture.Token),
        };
        HttpContent content;
        if (endpoint == "directline-upload")
        {
            var multipart = new MultipartFormDataContent("x");
            var part = new ByteArrayContent(body);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.microsoft.activity");
            multipart.Add(part, "activity");
            content = multipart;
        }
        else
        {
            content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        if (endpoint == "whatsapp")
        {
            content.Headers.Add(WhatsAppEndpoints.SignatureHeader, WhatsAppSignature.Sign(WhatsAppGraph.AppSecret, body));
        }

        if (endpoint == "widget")
        {
            request.Headers.Add("Origin", "http://localhost");
        }

        return request;
    }
}
