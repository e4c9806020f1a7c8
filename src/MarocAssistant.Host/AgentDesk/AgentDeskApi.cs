using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using MarocAssistant.Channels;
using MarocAssistant.Conversation.AgentDesk;

namespace MarocAssistant.Host.AgentDesk;

/// <summary>
/// The agent desk's HTTP side: <c>POST</c>/<c>DELETE /api/agent/session</c> (sign in and out), <c>GET /api/agent/queue</c>,
/// <c>GET /api/agent/events</c> (the queue, live, as server-sent events), <c>GET /api/agent/conversations/{id}</c> and
/// <c>POST .../take|messages|release|close</c>, and the page <c>/agent</c>. Signed-out calls get 401, another
/// administration's conversation 403, an unknown one 404, one another agent holds 409, all as problem details.
/// </summary>
internal static class AgentDeskApi
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxTextChars = 4000;
    private const int MaxIdLength = 256;

    private static readonly TimeSpan EventsPoll = TimeSpan.FromMilliseconds(500);

    public static IServiceCollection AddAgentDeskApi(this IServiceCollection services)
    {
        services.AddSingleton<AgentSessions>();
        return services;
    }

    public static WebApplication MapAgentDesk(this WebApplication app)
    {
        var api = app.MapGroup("/api/agent");
        api.MapGet("/session", SessionAsync);
        api.MapPost("/session", SignInAsync);
        api.MapDelete("/session", SignOutAsync);
        api.MapGet("/queue", QueueAsync);
        api.MapGet("/events", Events);
        api.MapGet("/conversations/{id}", ConversationAsync);
        api.MapPost("/conversations/{id}/take", TakeAsync);
        api.MapPost("/conversations/{id}/messages", MessageAsync);
        api.MapPost("/conversations/{id}/release", (string id, HttpContext c, AgentSessions s, AgentDeskService d, CancellationToken ct) => EndAsync(id, false, c, s, d, ct));
        api.MapPost("/conversations/{id}/close", (string id, HttpContext c, AgentSessions s, AgentDeskService d, CancellationToken ct) => EndAsync(id, true, c, s, d, ct));
        app.MapGet("/agent", () => Page("agent.html", "text/html; charset=utf-8"));
        app.MapGet("/agent.js", () => Page("agent.js", "text/javascript; charset=utf-8"));
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        var read = await JsonRequestReader.ReadOptionalAsync(context.Request, MaxBodyBytes, AgentJsonContext.Default.SignInRequest, "{\"user\":\"...\",\"password\":\"...\"}", cancellationToken);
        if (!read.Succeeded)
        {
            return Results.Problem(statusCode: read.StatusCode, title: "Malformed request", detail: read.Problem);
        }

        if (sessions.SignIn(read.Value?.User, read.Value?.Password) is not { } agent)
        {
            return Unauthorized("Unknown user or wrong password.");
        }

        var token = sessions.Issue(agent);
        context.Response.Cookies.Append(AgentSessions.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,   // no other site can make the agent's browser call the API
            Path = "/",
            MaxAge = sessions.Lifetime,
        });
        context.Response.Headers.CacheControl = "no-store";
        await desk.SetPresenceAsync(agent, true, cancellationToken);
        return Results.Json(new SessionResponse(token, agent.User, agent.DisplayName, agent.Administrations), AgentJsonContext.Default.SessionResponse);
    }

    /// <summary>Who is signed in, if anyone (the page asks on load; never 401, so a signed-out page logs no error).</summary>
    private static async Task<IResult> SessionAsync(HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        var agent = await SignedInAsync(context, sessions, desk, cancellationToken);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Json(
            new SessionState(agent is not null, agent?.User, agent?.DisplayName, agent?.Administrations ?? []), AgentJsonContext.Default.SessionState);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        if (await sessions.AuthenticateAsync(context.Request) is { } agent)
        {
            await desk.SetPresenceAsync(agent, false, cancellationToken);
        }

        context.Response.Cookies.Delete(AgentSessions.CookieName, new CookieOptions { Path = "/" });
        return Results.NoContent();
    }

    private static async Task<IResult> QueueAsync(HttpContext context, AgentSessions sessions, AgentDeskService desk, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, sessions, desk, cancellationToken) is not { } agent)
        {
            return Unauthorized();
        }

        return Results.Json(await QueueViewAsync(agent, desk, time, cancellationToken), AgentJsonContext.Default.QueueView);
    }

    /// <summary>The queue as server-sent events: one <c>queue</c> event now and one each time it changes (read from the shared store).</summary>
    private static async Task<IResult> Events(HttpContext context, AgentSessions sessions, AgentDeskService desk, TimeProvider time)
    {
        if (await SignedInAsync(context, sessions, desk, context.RequestAborted) is not { } agent)
        {
            return Unauthorized();
        }

        return TypedResults.ServerSentEvents(Stream(agent, desk, time, context.RequestAborted));

        static async IAsyncEnumerable<SseItem<string>> Stream(AgentAccount agent, AgentDeskService desk, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var last = "";
            var presence = time.GetUtcNow();
            while (!cancellationToken.IsCancellationRequested)
            {
                var view = await QueueViewAsync(agent, desk, time, cancellationToken);
                // Waiting times move every second; the event says what changed in the queue itself.
                var shape = string.Join(";", view.Conversations.Select(c => $"{c.Id}|{c.Agent}|{c.Messages}"));
                if (shape != last)
                {
                    last = shape;
                    yield return new SseItem<string>(JsonSerializer.Serialize(view, AgentJsonContext.Default.QueueView), "queue");
                }

                if (time.GetUtcNow() - presence > TimeSpan.FromSeconds(30))
                {
                    presence = time.GetUtcNow();
                    await desk.SetPresenceAsync(agent, true, cancellationToken);   // the open page keeps the agent signed in
                }

                try
                {
                    await Task.Delay(EventsPoll, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;   // the page was closed
                }
            }
        }
    }

    private static async Task<IResult> ConversationAsync(string id, HttpContext context, AgentSessions sessions, AgentDeskService desk, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, sessions, desk, cancellationToken) is not { } agent)
        {
            return Unauthorized();
        }

        if (id.Length > MaxIdLength)
        {
            return NotFound();
        }

        var (outcome, entry, messages) = await desk.ConversationAsync(agent, id, cancellationToken);
        return outcome switch
        {
            DeskOutcome.Done => Results.Json(
                new ConversationView(ItemOf(entry!, time.GetUtcNow(), messages.Count), messages.Select(m => new MessageView(m.At, m.Role, m.Text, m.Agent)).ToList()),
                AgentJsonContext.Default.ConversationView),
            _ => Failure(outcome, null),
        };
    }

    private static async Task<IResult> TakeAsync(string id, HttpContext context, AgentSessions sessions, AgentDeskService desk, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, sessions, desk, cancellationToken) is not { } agent)
        {
            return Unauthorized();
        }

        if (id.Length > MaxIdLength)
        {
            return NotFound();
        }

        var (outcome, entry) = await desk.TakeAsync(agent, id, cancellationToken);
        return outcome == DeskOutcome.Done
            ? Results.Json(ItemOf(entry!, time.GetUtcNow(), null), AgentJsonContext.Default.QueueItem)
            : Failure(outcome, outcome == DeskOutcome.Conflict ? "Another agent holds this conversation until they release it." : null);
    }

    private static async Task<IResult> MessageAsync(string id, HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, sessions, desk, cancellationToken) is not { } agent)
        {
            return Unauthorized();
        }

        var read = await JsonRequestReader.ReadOptionalAsync(context.Request, MaxBodyBytes, AgentJsonContext.Default.MessageRequest, "{\"text\":\"...\"}", cancellationToken);
        if (!read.Succeeded)
        {
            return Results.Problem(statusCode: read.StatusCode, title: "Malformed request", detail: read.Problem);
        }

        var text = read.Value?.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextChars)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed request", detail: $"The text must have 1 to {MaxTextChars} characters.");
        }

        if (id.Length > MaxIdLength)
        {
            return NotFound();
        }

        var (outcome, problem) = await desk.ReplyAsync(agent, id, text, cancellationToken);
        return outcome == DeskOutcome.Done ? Results.Accepted() : Failure(outcome, problem);
    }

    private static async Task<IResult> EndAsync(string id, bool close, HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        if (await SignedInAsync(context, sessions, desk, cancellationToken) is not { } agent)
        {
            return Unauthorized();
        }

        if (id.Length > MaxIdLength)
        {
            return NotFound();
        }

        var outcome = await desk.EndAsync(agent, id, close, cancellationToken);
        return outcome == DeskOutcome.Done
            ? Results.NoContent()
            : Failure(outcome, outcome == DeskOutcome.Conflict ? (close ? "Another agent holds this conversation." : "Only the agent who holds the conversation can release it.") : null);
    }

    /// <summary>The signed-in agent, whose call also says they are still there.</summary>
    private static async Task<AgentAccount?> SignedInAsync(HttpContext context, AgentSessions sessions, AgentDeskService desk, CancellationToken cancellationToken)
    {
        var agent = await sessions.AuthenticateAsync(context.Request);
        if (agent is not null)
        {
            await desk.SetPresenceAsync(agent, true, cancellationToken);
            context.Response.Headers.CacheControl = "no-store";
        }

        return agent;
    }

    private static async Task<QueueView> QueueViewAsync(AgentAccount agent, AgentDeskService desk, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var items = new List<QueueItem>();
        foreach (var entry in await desk.QueueAsync(agent, cancellationToken))
        {
            items.Add(ItemOf(entry, now, (await desk.Store.MessagesAsync(entry.ConversationId, cancellationToken)).Count));
        }

        return new QueueView(agent.User, agent.DisplayName, items);
    }

    private static QueueItem ItemOf(DeskEntry entry, DateTimeOffset now, int? messages) => new(
        entry.ConversationId, entry.Channel, entry.Administration, entry.Summary, entry.Language, entry.ProcedureId, entry.QueuedAt,
        (int)Math.Max(0, ((entry.TakenAt ?? now) - entry.QueuedAt).TotalSeconds), entry.Agent, entry.TakenAt, messages);

    private static IResult Failure(DeskOutcome outcome, string? detail) => outcome switch
    {
        DeskOutcome.NotFound => NotFound(),
        DeskOutcome.Forbidden => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "This conversation belongs to another administration."),
        DeskOutcome.Conflict => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail),
        _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Citizen unreachable", detail: detail),
    };

    private static IResult NotFound() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No conversation with this id is waiting for or held by an agent.");

    private static IResult Unauthorized(string detail = "Sign in first (POST /api/agent/session).") =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);

    private static IResult Page(string file, string contentType)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "wwwroot", file);
        return File.Exists(path)
            ? Results.File(path, contentType)
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Page missing", detail: $"{file} is not installed next to the host.");
    }
}

internal sealed record SignInRequest([property: JsonPropertyName("user")] string? User, [property: JsonPropertyName("password")] string? Password);

internal sealed record MessageRequest([property: JsonPropertyName("text")] string? Text);

internal sealed record SessionResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("administrations")] IReadOnlyList<string> Administrations);

internal sealed record SessionState(
    [property: JsonPropertyName("signedIn")] bool SignedIn,
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("administrations")] IReadOnlyList<string> Administrations);

internal sealed record QueueView(
    [property: JsonPropertyName("user")] string User,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("conversations")] IReadOnlyList<QueueItem> Conversations);

/// <summary>One conversation as the queue shows it; <c>waitingSeconds</c> runs until an agent takes it.</summary>
internal sealed record QueueItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("administration")] string Administration,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("procedure")] string? Procedure,
    [property: JsonPropertyName("queuedAt")] DateTimeOffset QueuedAt,
    [property: JsonPropertyName("waitingSeconds")] int WaitingSeconds,
    [property: JsonPropertyName("agent")] string? Agent,
    [property: JsonPropertyName("takenAt")] DateTimeOffset? TakenAt,
    [property: JsonPropertyName("messages")] int? Messages);

internal sealed record MessageView(
    [property: JsonPropertyName("at")] DateTimeOffset At,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("agent")] string? Agent);

internal sealed record ConversationView(
    [property: JsonPropertyName("conversation")] QueueItem Conversation,
    [property: JsonPropertyName("messages")] IReadOnlyList<MessageView> Messages);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(MessageRequest))]
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(SessionState))]
[JsonSerializable(typeof(QueueView))]
[JsonSerializable(typeof(ConversationView))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
