using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary><c>/conversations/{id}/activities</c>: polling (GET) and the user's activities (POST).</summary>
public sealed class DirectLineActivities
{
    private readonly DirectLineAuth _auth;
    private readonly IDirectLineStore _store;
    private readonly DirectLineTurns _turns;
    private readonly DirectLineOptions _options;

    public DirectLineActivities(DirectLineAuth auth, IDirectLineStore store, DirectLineTurns turns, IOptions<DirectLineOptions> options)
    {
        _auth = auth;
        _store = store;
        _turns = turns;
        _options = options.Value;
    }

    /// <summary><c>GET /conversations/{id}/activities?watermark=</c>: polling, messages and events only (no typing).</summary>
    public async Task<IResult> GetActivitiesAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        if (!DirectLineWire.TryWatermark(context.Request, 0, out var from))
        {
            return DirectLineErrors.BadArgument(DirectLineWire.WatermarkRefused);
        }

        var page = await _store.ReadAsync(conversationId, from, _options.MaxActivitiesPerGet, cancellationToken);
        if (page is null)
        {
            return DirectLineErrors.NotFound();
        }

        // The same rule as reconnect and the stream: a watermark beyond the last activity was never given. Only an
        // empty page can be asked from there, so the common poll with activities costs no extra read.
        if (page.Activities.Count == 0 && from > 0 && from > (await _store.LatestWatermarkAsync(conversationId, cancellationToken) ?? 0))
        {
            return DirectLineErrors.BadArgument(DirectLineWire.WatermarkRefused);
        }

        var json = DirectLineWire.ActivitySetJson(page.Activities.Where(a => a.Type != ActivityTypes.Typing), page.Watermark);
        return Results.Bytes(json, "application/json; charset=utf-8");
    }

    /// <summary><c>POST /conversations/{id}/activities</c>: store the user's activity, run the turn, answer <c>{"id"}</c>.</summary>
    public async Task<IResult> PostActivityAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthorizeAsync(context.Request, conversationId, cancellationToken);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        // Direct Line keeps its own fixed words for a malformed activity.
        var read = await JsonRequestReader.ReadActivityAsync(context.Request, _options.MaxRequestBytes, cancellationToken);
        return read.Failure switch
        {
            JsonBodyFailure.None => await _turns.AcceptAsync(conversationId, caller, read.Value!, cancellationToken),
            JsonBodyFailure.NotJson => DirectLineErrors.Error(read.StatusCode, "BadArgument", "Send the activity as application/json."),
            JsonBodyFailure.TooLarge => DirectLineErrors.Error(read.StatusCode, "MessageSizeTooBig", $"An activity is at most {_options.MaxRequestBytes} bytes."),
            JsonBodyFailure.Malformed => DirectLineErrors.BadArgument("The body is not a valid activity."),
            _ => DirectLineErrors.BadArgument("The activity has no type."),
        };
    }
}
