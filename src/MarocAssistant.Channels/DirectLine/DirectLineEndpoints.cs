using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// The server side of Direct Line 3.0 (shared/specs/botframework/directline-3.0.json), under <c>/v3/directline</c>:
/// tokens and conversations (<see cref="DirectLineConversations"/>), activities (<see cref="DirectLineActivities"/>,
/// <see cref="DirectLineUpload"/>), the WebSocket stream (<see cref="DirectLineStream"/>) and the session id call
/// DirectLineJS makes. User activities are echoed on the stream, run through the turn pipeline, and the replies appended
/// after them (<see cref="DirectLineTurns"/>).
/// </summary>
public static class DirectLineEndpoints
{
    public const string Prefix = "/v3/directline";
    public const string ChannelId = "directline";
    public const string WebChatChannelId = "webchat";

    /// <summary>Maps every Direct Line route; the group is returned so that the host can add CORS or rate limits.</summary>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.MapPost("/tokens/generate", (HttpContext c, DirectLineConversations e) => e.GenerateAsync(c, c.RequestAborted));
        group.MapPost("/tokens/refresh", (HttpContext c, DirectLineConversations e) => e.RefreshAsync(c));
        group.MapPost("/conversations", (HttpContext c, DirectLineConversations e) => e.StartAsync(c, c.RequestAborted));
        group.MapGet("/conversations/{conversationId}", (HttpContext c, string conversationId, DirectLineConversations e) =>
            e.ReconnectAsync(c, conversationId, c.RequestAborted));
        group.MapGet("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, DirectLineActivities e) =>
            e.GetActivitiesAsync(c, conversationId, c.RequestAborted));
        group.MapPost("/conversations/{conversationId}/activities", (HttpContext c, string conversationId, DirectLineActivities e) =>
            e.PostActivityAsync(c, conversationId, c.RequestAborted));
        group.MapPost("/conversations/{conversationId}/upload", (HttpContext c, string conversationId, DirectLineUpload e) =>
            e.UploadAsync(c, conversationId, c.RequestAborted));
        group.MapGet("/session/getsessionid", (HttpContext c, DirectLineConversations e) => e.SessionIdAsync(c));
        group.MapGet("/conversations/{conversationId}/stream", (HttpContext c, string conversationId, DirectLineStream s) =>
            s.HandleAsync(c, conversationId, c.RequestAborted));
        return group;
    }
}
