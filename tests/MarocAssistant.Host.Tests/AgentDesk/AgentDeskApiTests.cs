using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Host.Tests.Robustness;
using MarocAssistant.Recording.Transcripts;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.AgentDesk;

/// <summary>
/// The agent desk over HTTP: a citizen on Direct Line (the widget of one administration) or WhatsApp asks for a
/// person, an agent of that administration takes the conversation, the two write to each other while the assistant
/// is silent, and release gives it back to the assistant. Signed-out calls get 401, another administration's agent 403,
/// a second agent 409; with nobody signed in the citizen gets the contact at once.
/// </summary>
public sealed class AgentDeskApiTests
{
    public const string Password = "desk-password-0123";
    private const string CommuneOrigin = "https://www.commune-exemple.ma";

    private static readonly string PasswordHash = AgentPasswords.Hash(Password);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two agents of the commune, one of the prefecture; the commune's widget.</summary>
    public static Dictionary<string, string?> DeskSettings() => new()
    {
        ["Widget:Administrations:commune:Name"] = "Commune",
        ["Widget:Administrations:commune:AllowedOrigins:0"] = CommuneOrigin,
        ["AgentDesk:WhatsAppAdministration"] = "commune",
        ["AgentDesk:Agents:0:User"] = "salma",
        ["AgentDesk:Agents:0:Name"] = "Salma (Commune)",
        ["AgentDesk:Agents:0:PasswordHash"] = PasswordHash,
        ["AgentDesk:Agents:0:Administrations:0"] = "commune",
        ["AgentDesk:Agents:1:User"] = "youssef",
        ["AgentDesk:Agents:1:PasswordHash"] = PasswordHash,
        ["AgentDesk:Agents:1:Administrations:0"] = "commune",
        ["AgentDesk:Agents:2:User"] = "karim",
        ["AgentDesk:Agents:2:PasswordHash"] = PasswordHash,
        ["AgentDesk:Agents:2:Administrations:0"] = "prefecture",
        ["AgentDesk:SigningKey"] = "agent-desk-test-signing-key-0123456789",
    };

    [Fact]
    public async Task DirectLine_CitizenAsksForAPerson_AgentTakesRepliesAndReleases()
    {
        await using var host = AssistantHost.Start(DeskSettings());
        using var http = host.CreateClient();
        using var directLine = new DirectLineTestClient(http);
        var salma = await SignInAsync(host, "salma");
        var (conversationId, token) = await WidgetConversationAsync(directLine);

        await directLine.PostMessageAsync(conversationId, token, "bghit ndir lbasbor awel mra", cancellationToken: Ct);
        var (_, watermark) = await directLine.ReadAsync(conversationId, token, cancellationToken: Ct);
        await directLine.PostMessageAsync(conversationId, token, "bghit nhder m3a chi wa7ed", cancellationToken: Ct);
        var (handoff, afterHandoff) = await directLine.ReadAsync(conversationId, token, watermark, Ct);

        var queued = Template(host, RecordLanguage.AryLatn, "desk_queued");
        Assert.Contains(handoff, a => (string?)a!["type"] == "message" && (string?)a["text"] == queued);
        var queue = await GetJsonAsync(salma, "/api/agent/queue");
        var item = Assert.Single(queue["conversations"]!.AsArray())!;
        Assert.Equal(conversationId, (string?)item["id"]);
        Assert.Equal("commune", (string?)item["administration"]);
        Assert.Equal("directline", (string?)item["channel"]);
        Assert.Equal("ary-Latn", (string?)item["language"]);
        Assert.Equal("passport-first", (string?)item["procedure"]);
        Assert.Contains("Transfert vers un agent", (string?)item["summary"], StringComparison.Ordinal);
        Assert.True((int)item["waitingSeconds"]! >= 0);

        Assert.Equal(HttpStatusCode.OK, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct)).StatusCode);

        // Held: the citizen's message goes to the agent; the assistant says nothing.
        await directLine.PostMessageAsync(conversationId, token, "salam, rani mzroub, 3ndi safar f 10 ayam", cancellationToken: Ct);
        var (held, afterHeld) = await directLine.ReadAsync(conversationId, token, afterHandoff, Ct);
        Assert.DoesNotContain(held, a => (string?)a!["from"]!["role"] == "bot");
        var history = await GetJsonAsync(salma, $"/api/agent/conversations/{conversationId}");
        Assert.Contains(history["messages"]!.AsArray(), m => (string?)m!["role"] == "citizen" && ((string?)m["text"])!.Contains("safar f 10 ayam", StringComparison.Ordinal));

        using (var reply = await salma.PostAsJsonAsync($"/api/agent/conversations/{conversationId}/messages", new { text = "Mrehba, ana Salma. Ghadi n3awnek." }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }

        var (fromAgent, afterAgent) = await directLine.ReadAsync(conversationId, token, afterHeld, Ct);
        var agentMessage = Assert.Single(fromAgent)!;
        Assert.Equal("Mrehba, ana Salma. Ghadi n3awnek.", (string?)agentMessage["text"]);
        Assert.Equal("agent", (string?)agentMessage["from"]!["role"]);
        Assert.Equal("Salma (Commune)", (string?)agentMessage["from"]!["name"]);

        Assert.Equal(HttpStatusCode.NoContent, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/release", null, Ct)).StatusCode);
        var (released, afterRelease) = await directLine.ReadAsync(conversationId, token, afterAgent, Ct);
        Assert.Equal(Template(host, RecordLanguage.AryLatn, "desk_released"), (string?)Assert.Single(released)!["text"]);
        Assert.Empty((await GetJsonAsync(salma, "/api/agent/queue"))["conversations"]!.AsArray());

        // Back with the assistant, its state as it was: "ch7al?" is still about the first passport.
        await directLine.PostMessageAsync(conversationId, token, "ch7al kayklef?", cancellationToken: Ct);
        var (answer, _) = await directLine.ReadAsync(conversationId, token, afterRelease, Ct);
        var botReply = Assert.Single(answer, a => (string?)a!["from"]!["role"] == "bot")!;
        Assert.Equal("passport-first", (string?)botReply["channelData"]!["procedure"]);
    }

    [Fact]
    public async Task DirectLine_NoAgentSignedIn_CitizenGetsTheContactAtOnce()
    {
        await using var host = AssistantHost.Start(DeskSettings());
        using var http = host.CreateClient();
        using var directLine = new DirectLineTestClient(http);
        var (conversationId, token) = await WidgetConversationAsync(directLine);

        await directLine.PostMessageAsync(conversationId, token, "bghit ndir lbasbor awel mra", cancellationToken: Ct);
        var (_, watermark) = await directLine.ReadAsync(conversationId, token, cancellationToken: Ct);
        await directLine.PostMessageAsync(conversationId, token, "bghit nhder m3a chi wa7ed", cancellationToken: Ct);
        var (handoff, _) = await directLine.ReadAsync(conversationId, token, watermark, Ct);

        var reply = handoff.Single(a => (string?)a!["type"] == "message" && (string?)a["from"]!["role"] == "bot")!;
        var text = (string)reply["text"]!;
        Assert.StartsWith("7ta mowadaf makayn daba.", text, StringComparison.Ordinal);
        Assert.Contains("passeport.ma", text, StringComparison.Ordinal);

        // Still queued for an agent who signs in later: the queue's length per administration, from the desk's store.
        var metrics = await http.GetStringAsync("/metrics", Ct);
        Assert.Contains("maroc_desk_queue_length{administration=\"commune\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("maroc_desk_queue_length{administration=\"prefecture\"} 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Erase_HeldConversation_LeavesQueueHoldHistoryAndAdministration()
    {
        await using var host = AssistantHost.Start(DeskSettings());
        using var http = host.CreateClient();
        using var directLine = new DirectLineTestClient(http);
        var salma = await SignInAsync(host, "salma");
        var (conversationId, token) = await WidgetConversationAsync(directLine);
        await directLine.PostMessageAsync(conversationId, token, "bghit nhder m3a chi wa7ed", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct)).StatusCode);
        await directLine.PostMessageAsync(conversationId, token, "smiti Karima, 3ndi moshkil f lbasbor", cancellationToken: Ct);
        var store = host.Service<IAgentDeskStore>();
        Assert.NotEmpty(await store.MessagesAsync(conversationId, Ct));

        using var erase = new HttpRequestMessage(HttpMethod.Delete, "/api/conversations/" + Uri.EscapeDataString(conversationId));
        erase.Headers.Add(MarocAssistant.Host.Admin.AdminOptions.HeaderName, AssistantHost.AdminKey);
        using var erased = await http.SendAsync(erase, Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Contains("desk", (await erased.Content.ReadFromJsonAsync<JsonNode>(Ct))!["erased"]!.AsArray().Select(n => (string?)n));
        Assert.Null(await store.GetAsync(conversationId, Ct));
        Assert.Empty(await store.MessagesAsync(conversationId, Ct));
        Assert.Null(await store.AdministrationAsync(conversationId, Ct));
        Assert.Empty((await GetJsonAsync(salma, "/api/agent/queue"))["conversations"]!.AsArray());
        using (var read = await salma.GetAsync($"/api/agent/conversations/{conversationId}", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
    }

    [Fact]
    public async Task Api_SignedOutWrongPasswordOtherAdministrationAndSecondAgent_Get401403And409()
    {
        await using var host = AssistantHost.Start(DeskSettings());
        using var http = host.CreateClient();
        using var directLine = new DirectLineTestClient(http);
        var salma = await SignInAsync(host, "salma");
        var (conversationId, token) = await WidgetConversationAsync(directLine);
        await directLine.PostMessageAsync(conversationId, token, "bghit nhder m3a chi wa7ed", cancellationToken: Ct);

        using var anonymous = host.CreateClient();
        foreach (var path in new[] { "/api/agent/queue", $"/api/agent/conversations/{conversationId}" })
        {
            using var response = await anonymous.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using (var take = await anonymous.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, take.StatusCode);
        }

        using (var wrong = await anonymous.PostAsJsonAsync("/api/agent/session", new { user = "salma", password = "not-the-password" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "forged.token.value");
        using (var forged = await anonymous.GetAsync("/api/agent/queue", Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        // Another administration's agent neither sees nor touches it.
        var karim = await SignInAsync(host, "karim");
        Assert.Empty((await GetJsonAsync(karim, "/api/agent/queue"))["conversations"]!.AsArray());
        foreach (var action in new[] { "take", "release", "close" })
        {
            using var response = await karim.PostAsync($"/api/agent/conversations/{conversationId}/{action}", null, Ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        using (var read = await karim.GetAsync($"/api/agent/conversations/{conversationId}", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        }

        using (var unknown = await salma.PostAsync("/api/agent/conversations/no-such-conversation/take", null, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // One holder at a time: a colleague gets 409 until it is released.
        var youssef = await SignInAsync(host, "youssef");
        Assert.Equal(HttpStatusCode.OK, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct)).StatusCode);
        using (var second = await youssef.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        }

        using (var reply = await youssef.PostAsJsonAsync($"/api/agent/conversations/{conversationId}/messages", new { text = "Salam" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, reply.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await youssef.PostAsync($"/api/agent/conversations/{conversationId}/release", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await salma.PostAsync($"/api/agent/conversations/{conversationId}/release", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await youssef.PostAsync($"/api/agent/conversations/{conversationId}/take", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task WhatsApp_SignedWebhookHandoff_AgentReplyGoesThroughGraphAndAssistantIsSilentWhileHeld()
    {
        await using var graph = await WhatsAppGraph.StartAsync();
        var settings = DeskSettings();
        foreach (var (key, value) in graph.Settings())
        {
            settings[key] = value;
        }

        var folder = Path.Combine(Path.GetTempPath(), "maroc-desk-" + Guid.NewGuid().ToString("N"));
        settings["Transcripts:Path"] = folder;
        await using var host = AssistantHost.Start(settings);
        using var http = host.CreateClient();
        var salma = await SignInAsync(host, "salma");
        const string Phone = "212600000042";

        await PostWhatsAppAsync(http, "wamid.desk-1", "bghit nhder m3a chi wa7ed", Phone);
        await WhatsAppGraph.WaitForCompletedAsync(host, 1, Ct);
        var handoff = Assert.Single(graph.MessageSends);
        Assert.Contains(Phone, handoff.Body, StringComparison.Ordinal);
        Assert.Contains(Template(host, RecordLanguage.AryLatn, "desk_queued"), (string)JsonNode.Parse(handoff.Body)!["text"]!["body"]!, StringComparison.Ordinal);
        var item = Assert.Single((await GetJsonAsync(salma, "/api/agent/queue"))["conversations"]!.AsArray())!;
        Assert.Equal(Phone, (string?)item["id"]);
        Assert.Equal("whatsapp", (string?)item["channel"]);

        Assert.Equal(HttpStatusCode.OK, (await salma.PostAsync($"/api/agent/conversations/{Phone}/take", null, Ct)).StatusCode);
        await PostWhatsAppAsync(http, "wamid.desk-2", "wach kayn chi wa7ed?", Phone);
        await WhatsAppGraph.WaitForCompletedAsync(host, 2, Ct);
        Assert.Single(graph.MessageSends);   // the assistant stayed silent

        using (var reply = await salma.PostAsJsonAsync($"/api/agent/conversations/{Phone}/messages", new { text = "Iyeh, ana Salma. 3yet l 0537123456." }, Ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        }

        var sent = JsonNode.Parse(graph.MessageSends.Last().Body)!;
        Assert.Equal(Phone, (string?)sent["to"]);
        Assert.Equal("*Salma (Commune)*\nIyeh, ana Salma. 3yet l 0537123456.", (string?)sent["text"]!["body"]);

        // Recorded: the agent's turn in the transcript (role, agent id) and in the desk's history, redacted like the rest.
        var transcript = await File.ReadAllTextAsync(((FileTranscriptStore)host.Service<ITranscriptStore>()).PathOf(new TranscriptKey("whatsapp", Phone)), Ct);
        var agentLine = Assert.Single(transcript.Split('\n'), l => l.Contains("\"role\":\"agent\"", StringComparison.Ordinal));
        Assert.Contains("\"id\":\"agent:salma\"", agentLine, StringComparison.Ordinal);
        Assert.Contains("Iyeh, ana ", agentLine, StringComparison.Ordinal);
        Assert.Contains("[PHONE]", agentLine, StringComparison.Ordinal);
        Assert.DoesNotContain("0537123456", transcript, StringComparison.Ordinal);
        var history = (await GetJsonAsync(salma, $"/api/agent/conversations/{Phone}"))["messages"]!.AsArray();
        Assert.Contains(history, m => (string?)m!["role"] == "agent" && (string?)m["agent"] == "salma");
        Assert.DoesNotContain("0537123456", history.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await salma.PostAsync($"/api/agent/conversations/{Phone}/release", null, Ct)).StatusCode);
        await PostWhatsAppAsync(http, "wamid.desk-3", "bghit ndir lbasbor awel mra", Phone);
        await WhatsAppGraph.WaitForCompletedAsync(host, 3, Ct);
        Assert.True(graph.MessageSends.Count() >= 4, "the assistant answers again after the release");
        Directory.Delete(folder, recursive: true);
    }

    private static string Template(AssistantHost host, RecordLanguage language, string key) =>
        host.Service<TemplateAnswerComposer>().Templates.Get(language, key);

    /// <summary>An agent's client, signed in by <c>POST /api/agent/session</c> and using the token as a bearer.</summary>
    internal static async Task<HttpClient> SignInAsync(AssistantHost host, string user)
    {
        var client = host.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/agent/session", new { user, password = Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("maroc_agent=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var token = (string)(await response.Content.ReadFromJsonAsync<JsonNode>(Ct))!["token"]!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonNode>(Ct))!;
    }

    internal static async Task<(string ConversationId, string Token)> WidgetConversationAsync(DirectLineTestClient directLine)
    {
        var tokenResponse = await directLine.WidgetTokenAsync("commune", CommuneOrigin, Ct);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.Status);
        var token = (string)tokenResponse.Body!["token"]!;
        var start = await directLine.SendAsync(HttpMethod.Post, "/conversations", token, null, Ct);
        Assert.Equal(HttpStatusCode.Created, start.Status);
        return ((string)start.Body!["conversationId"]!, token);
    }

    private static async Task PostWhatsAppAsync(HttpClient http, string messageId, string text, string from)
    {
        using var response = await WhatsAppGraph.PostAsync(http, WhatsAppGraph.Notification(messageId, text, from), cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
