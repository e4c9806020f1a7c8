using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace MarocAssistant.Host.Tests.BotFramework;

/// <summary>Message activities as a channel or the Emulator sends them.</summary>
internal static class ActivityBuilder
{
    public static JsonObject Message(string text, string serviceUrl = "http://127.0.0.1:9", string? deliveryMode = "expectReplies", string conversationId = "conv-1") =>
        new()
        {
            ["type"] = "message",
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "emulator",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new JsonObject { ["id"] = "user-1", ["name"] = "Citizen", ["role"] = "user" },
            ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "MarocAssistant", ["role"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["locale"] = "fr-MA",
            ["text"] = text,
            ["deliveryMode"] = deliveryMode,
        };

    public static JsonContent Json(JsonNode node) => JsonContent.Create(node);
}
