using System.Net.WebSockets;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Channels.DirectLine;

/// <summary>
/// The WebSocket behind a <c>streamUrl</c>. Pre-authorised by the stream token in <c>?t=</c>, it replays the activities
/// after <c>?watermark=</c>, then pushes each new one as an ActivitySet text frame <c>{"activities":[...],"watermark":"n"}</c>.
/// An idle stream gets an empty frame now and then (the client ignores it); the client's own empty pings are ignored.
/// <c>conversationUpdate</c> activities are never sent to clients.
/// </summary>
public sealed partial class DirectLineStream
{
    private const int PageSize = 100;

    private readonly DirectLineAuth _auth;
    private readonly IDirectLineStore _store;
    private readonly DirectLineOptions _options;
    private readonly ILogger<DirectLineStream> _logger;

    public DirectLineStream(DirectLineAuth auth, IDirectLineStore store, IOptions<DirectLineOptions> options, ILogger<DirectLineStream> logger)
    {
        _auth = auth;
        _store = store;
        _options = options.Value;
        _logger = logger;
    }

    public async Task<IResult> HandleAsync(HttpContext context, string conversationId, CancellationToken cancellationToken = default)
    {
        var caller = await _auth.AuthenticateTokenAsync(context.Request.Query["t"].ToString(), DirectLineTokens.StreamScope);
        if (!caller.Succeeded)
        {
            return caller.Failure!;
        }

        if (!caller.CanAccess(conversationId))
        {
            return DirectLineErrors.Forbidden();
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadArgument("The stream URL is a WebSocket; open it with a WebSocket client.");
        }

        var latest = await _store.LatestWatermarkAsync(conversationId, cancellationToken);
        if (latest is null)
        {
            return DirectLineErrors.NotFound();
        }

        if (!DirectLineWire.TryWatermark(context.Request, latest.Value, out var watermark) || watermark > latest.Value)
        {
            return DirectLineErrors.BadArgument(DirectLineWire.WatermarkRefused);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        LogOpened();
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var receiving = ReceiveUntilClosedAsync(socket, closing);
        try
        {
            await PushAsync(socket, conversationId, watermark, closing.Token);
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The client closed the socket or the request was aborted.
        }
        catch (WebSocketException)
        {
            // The connection dropped; the client reconnects with its watermark.
        }
        finally
        {
            await closing.CancelAsync();
            await receiving;
            await CloseQuietlyAsync(socket);
            LogClosed();
        }

        return Results.Empty;
    }

    private async Task PushAsync(WebSocket socket, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        var keepAlive = TimeSpan.FromSeconds(_options.StreamKeepAliveSeconds);
        while (!cancellationToken.IsCancellationRequested && socket.State == WebSocketState.Open)
        {
            var page = await _store.ReadAsync(conversationId, watermark, PageSize, cancellationToken);
            if (page is null)
            {
                // The conversation is gone (expired): end the stream.
                return;
            }

            if (page.Activities.Count > 0)
            {
                var visible = page.Activities.Where(a => a.Type != ActivityTypes.ConversationUpdate).ToList();
                watermark = page.Watermark;
                if (visible.Count > 0)
                {
                    await SendTextAsync(socket, DirectLineWire.ActivitySetJson(visible, watermark), cancellationToken);
                }

                continue;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(keepAlive);
            try
            {
                await _store.WaitForActivityAsync(conversationId, watermark, wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Nothing new for a while: an empty frame keeps proxies and the client happy.
                await SendTextAsync(socket, [], cancellationToken);
            }
        }
    }

    /// <summary>Reads and drops client frames (empty pings); cancels the push loop when the client closes.</summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[1024];
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }

        await closing.CancelAsync();
    }

    private static Task SendTextAsync(WebSocket socket, byte[] utf8, CancellationToken cancellationToken) =>
        socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    private static async Task CloseQuietlyAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 45, Level = LogLevel.Debug, Message = "Direct Line stream opened")]
    private partial void LogOpened();

    [LoggerMessage(EventId = 46, Level = LogLevel.Debug, Message = "Direct Line stream closed")]
    private partial void LogClosed();
}
