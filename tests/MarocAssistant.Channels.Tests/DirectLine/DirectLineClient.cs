using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace MarocAssistant.Channels.Tests.DirectLine;

/// <summary>A bare Direct Line 3.0 client over real HTTP and WebSocket, speaking the protocol as DirectLineJS does.</summary>
internal sealed class DirectLineClient : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly string _domain;

    public DirectLineClient(string domain)
    {
        _domain = domain;
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(
        HttpMethod method, string path, string? credential, JsonNode? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, _domain + path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<JsonNode> StartAsync(string credential, JsonNode? body = null, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "/conversations", credential, body, cancellationToken);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"start: HTTP {(int)status}");
        return json!;
    }

    public Task<(HttpStatusCode Status, JsonNode? Body)> PostMessageAsync(
        string conversationId, string credential, string text, string userId = "user-1", string? clientActivityId = null,
        CancellationToken cancellationToken = default) =>
        SendAsync(
            HttpMethod.Post,
            $"/conversations/{conversationId}/activities",
            credential,
            new JsonObject
            {
                ["type"] = "message",
                ["from"] = new JsonObject { ["id"] = userId, ["name"] = "", ["role"] = "user" },
                ["text"] = text,
                ["textFormat"] = "plain",
                ["locale"] = "fr-FR",
                ["channelData"] = new JsonObject { ["clientActivityID"] = clientActivityId ?? Guid.NewGuid().ToString("N")[..10] },
            },
            cancellationToken);

    public async Task<JsonNode> GetActivitiesAsync(string conversationId, string credential, string? watermark = null, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(
            HttpMethod.Get, $"/conversations/{conversationId}/activities" + (watermark is null ? "" : "?watermark=" + watermark), credential, null, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return json!;
    }

    /// <summary>The claims of a JWT, read without checking it (as DirectLineJS does to find the <c>user</c> claim).</summary>
    public static JsonNode Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonNode.Parse(Convert.FromBase64String(payload))!;
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>An open stream: every text frame received, in order.</summary>
internal sealed class ActivityStream : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly Task _pump;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _frames = [];
    private readonly SemaphoreSlim _arrived = new(0);

    private ActivityStream(ClientWebSocket socket)
    {
        _socket = socket;
        _pump = PumpAsync();
    }

    public ClientWebSocket Socket => _socket;

    public static async Task<ActivityStream> OpenAsync(string streamUrl, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), cancellationToken);
        return new ActivityStream(socket);
    }

    /// <summary>Frames received so far.</summary>
    public IReadOnlyList<string> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    /// <summary>All activities of the non-empty frames received so far.</summary>
    public List<JsonNode> Activities() =>
        Frames.Where(f => f.Length > 0).SelectMany(f => JsonNode.Parse(f)!["activities"]!.AsArray().Select(a => a!)).ToList();

    /// <summary>Waits until <paramref name="condition"/> holds for the frames received, or fails after the timeout.</summary>
    public async Task WaitUntilAsync(Func<ActivityStream, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (!condition(this))
        {
            try
            {
                await _arrived.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail("The stream did not deliver in time. Frames: " + string.Join(" | ", Frames));
            }
        }
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, _stop.Token);
                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                lock (_frames)
                {
                    _frames.Add(Encoding.UTF8.GetString(message.ToArray()));
                }

                _arrived.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        await _stop.CancelAsync();
        await _pump;
        _socket.Dispose();
        _stop.Dispose();
        _arrived.Dispose();
    }
}
