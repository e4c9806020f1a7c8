using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.Recording.Privacy;
using MarocAssistant.Conversation.State;
using MarocAssistant.Recording.Transcripts;
using MarocAssistant.Host.Admin;
using MarocAssistant.Host.Tests.BotFramework;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Host.Tests.Admin;

public sealed class ConversationAdminApiTests : IAsyncDisposable
{
    private const string ApiKey = "test-admin-key-0123456789";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maroc-admin-" + Guid.NewGuid().ToString("N"));
    private readonly AssistantHost _host;

    public ConversationAdminApiTests()
    {
        _host = AssistantHost.Start(new Dictionary<string, string?> { ["Transcripts:Path"] = _folder, ["Admin:ApiKey"] = ApiKey });
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Delete_RecordedConversation_RemovesTranscriptAndState()
    {
        using var client = _host.CreateClient();
        await PostAsync(client, "cin dyali AB123456, nmra 0612345678, bghit njedded lakart", "conv-erase");
        var store = (FileTranscriptStore)_host.Services.GetRequiredService<ITranscriptStore>();
        var transcript = store.PathOf(new TranscriptKey("emulator", "conv-erase"));
        var recorded = await File.ReadAllTextAsync(transcript, TestContext.Current.CancellationToken);
        var state = _host.Services.GetRequiredService<IConversationStore>();
        Assert.NotNull(await state.GetAsync("emulator:conv-erase", TestContext.Current.CancellationToken));

        using var response = await DeleteAsync(client, "conv-erase", ApiKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Superset(new HashSet<string?> { "state", "transcript" }, body["erased"]!.AsArray().Select(n => (string?)n).ToHashSet());
        Assert.False(File.Exists(transcript));
        Assert.Null(await state.GetAsync("emulator:conv-erase", TestContext.Current.CancellationToken));
        Assert.DoesNotContain("AB123456", recorded, StringComparison.Ordinal);
        Assert.DoesNotContain("0612345678", recorded, StringComparison.Ordinal);
        Assert.Contains("[CIN]", recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_UnknownConversation_Returns404ProblemDetails()
    {
        using var client = _host.CreateClient();

        using var response = await DeleteAsync(client, "never-seen", ApiKey);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key-0123456789abcdef")]
    [InlineData("test-admin-key-012345678")]
    public async Task Delete_MissingOrWrongKey_Returns401AndErasesNothing(string? key)
    {
        using var client = _host.CreateClient();
        await PostAsync(client, "bonjour", "conv-kept");

        using var response = await DeleteAsync(client, "conv-kept", key);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        var state = _host.Services.GetRequiredService<IConversationStore>();
        Assert.NotNull(await state.GetAsync("emulator:conv-kept", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_AdminApiOff_Returns401()
    {
        await using var host = AssistantHost.Start(baseSettings: false);
        using var client = host.CreateClient();

        using var response = await DeleteAsync(client, "any", "some-key-that-is-long-enough");

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("Admin:ApiKey", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_TooLongId_Returns400ProblemDetails()
    {
        using var client = _host.CreateClient();

        using var response = await DeleteAsync(client, new string('x', 300), ApiKey);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public void Services_RecordStage_RegisteredWithRedactingLogs()
    {
        Assert.IsType<RedactingLoggerFactory>(_host.Services.GetRequiredService<ILoggerFactory>());
        var stores = _host.Services.GetRequiredService<ConversationEraser>().StoreNames;
        Assert.Contains("state", stores);
        Assert.Contains("transcript", stores);
    }

    [Theory]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abd", false)]
    [InlineData("abc", "abcd", false)]
    public void KeysMatch_ComparesWholeKey(string given, string expected, bool match)
    {
        Assert.Equal(match, ConversationAdminApi.KeysMatch(given, expected));
    }

    private static async Task PostAsync(HttpClient client, string text, string conversationId)
    {
        using var response = await client.PostAsync(
            "/api/messages", ActivityBuilder.Json(ActivityBuilder.Message(text, conversationId: conversationId)), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, string id, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/api/conversations/" + Uri.EscapeDataString(id));
        if (key is not null)
        {
            request.Headers.Add(AdminOptions.HeaderName, key);
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonNode> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal((int)status, (int?)problem["status"]);
        return problem;
    }
}
