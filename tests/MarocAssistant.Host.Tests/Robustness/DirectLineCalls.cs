using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>The Direct Line calls a client makes, over a host's HttpClient.</summary>
internal static class DirectLineCalls
{
    /// <summary>Starts a conversation with the secret; returns its id and a token for it.</summary>
    public static async Task<(string ConversationId, string Token)> StartAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AssistantHost.DirectLineSecret);
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return ((string)body["conversationId"]!, (string)body["token"]!);
    }

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string conversationId, string token, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
        {
            Content = JsonContent.Create(new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "citizen" }, ["text"] = text }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>The activities after a watermark, and the new watermark.</summary>
    public static async Task<(JsonArray Activities, string? Watermark)> GetAsync(HttpClient client, string conversationId, string token, string? watermark, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities" + (watermark is null ? "" : "?watermark=" + watermark));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
        return (body["activities"]!.AsArray(), (string?)body["watermark"]);
    }
}
