using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace MarocAssistant.Testing;

/// <summary>The answer to a Direct Line call: its status, its JSON body (null when empty) and its headers.</summary>
public sealed record DirectLineReply(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers)
{
    public void Deconstruct(out HttpStatusCode status, out JsonNode? body)
    {
        status = Status;
        body = Body;
    }
}

/// <summary>
/// The one Direct Line 3.0 client of the tests, speaking the protocol as DirectLineJS does, over any HttpClient: real
/// HTTP to a host on a port (<see cref="DirectLineTestClient(string)"/>) or a WebApplicationFactory's client. Paths
/// are relative to <see cref="Prefix"/> (<c>/conversations</c>, <c>/tokens/generate</c>...).
/// </summary>
public sealed class DirectLineTestClient : IDisposable
{
    public const string Prefix = "/v3/directline";

    private readonly bool _ownsHttp;

    /// <summary>A client of the host at <paramref name="baseUrl"/> (<c>http://127.0.0.1:41234</c>), over its own HttpClient.</summary>
    public DirectLineTestClient(string baseUrl)
        : this(new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/") }, ownsHttp: true)
    {
    }

    /// <summary>A client over <paramref name="http"/>, whose base address is the host's root.</summary>
    public DirectLineTestClient(HttpClient http, bool ownsHttp = false)
    {
        Http = http;
        _ownsHttp = ownsHttp;
    }

    public HttpClient Http { get; }

    /// <summary>A request to <c>/v3/directline{path}</c> with <c>Authorization: Bearer</c> when a credential is given.</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, string? credential, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Prefix + path) { Content = content };
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return request;
    }

    /// <summary>A JSON body as Direct Line clients send it.</summary>
    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public async Task<DirectLineReply> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new DirectLineReply(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers);
    }

    public async Task<DirectLineReply> SendAsync(
        HttpMethod method, string path, string? credential, JsonNode? body = null, CancellationToken cancellationToken = default)
    {
        using var request = Request(method, path, credential, body is null ? null : Json(body));
        return await SendAsync(request, cancellationToken);
    }

    /// <summary><c>POST /conversations</c>; the conversation (201, or 200 for a token's existing one).</summary>
    public async Task<JsonNode> StartAsync(string credential, JsonNode? body = null, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "/conversations", credential, body, cancellationToken);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"start: HTTP {(int)status}");
        return json!;
    }

    /// <summary>Starts a new conversation with the secret; its id and a token for it.</summary>
    public async Task<(string ConversationId, string Token)> StartConversationAsync(string secret, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(HttpMethod.Post, "/conversations", secret, null, cancellationToken);
        Assert.Equal(HttpStatusCode.Created, status);
        return ((string)json!["conversationId"]!, (string)json["token"]!);
    }

    /// <summary>A message as Web Chat posts it (<c>POST /conversations/{id}/activities</c>); the answer carries its id.</summary>
    public Task<DirectLineReply> PostMessageAsync(
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

    /// <summary>Polling: the ActivitySet after <paramref name="watermark"/> (200 expected).</summary>
    public async Task<JsonNode> GetActivitiesAsync(string conversationId, string credential, string? watermark = null, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(
            HttpMethod.Get, $"/conversations/{conversationId}/activities" + (watermark is null ? "" : "?watermark=" + watermark), credential, null, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, status);
        return json!;
    }

    /// <summary>Polling: the activities after <paramref name="watermark"/>, and the new watermark.</summary>
    public async Task<(JsonArray Activities, string? Watermark)> ReadAsync(
        string conversationId, string credential, string? watermark = null, CancellationToken cancellationToken = default)
    {
        var set = await GetActivitiesAsync(conversationId, credential, watermark, cancellationToken);
        return (set["activities"]!.AsArray(), (string?)set["watermark"]);
    }

    /// <summary><c>POST /api/widget/token</c> as the widget's page sends it, from <paramref name="origin"/>.</summary>
    public async Task<DirectLineReply> WidgetTokenAsync(string administration, string? origin, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/widget/token")
        {
            Content = Json(new JsonObject { ["administration"] = administration }),
        };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await SendAsync(request, cancellationToken);
    }

    /// <summary>The claims of a JWT, read without checking it (as DirectLineJS does to find the <c>user</c> claim).</summary>
    public static JsonNode Claims(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonNode.Parse(Convert.FromBase64String(payload))!;
    }

    public void Dispose()
    {
        if (_ownsHttp)
        {
            Http.Dispose();
        }
    }
}

/// <summary>An open Direct Line stream (the WebSocket of a <c>streamUrl</c>): every text frame received, in order.</summary>
public sealed class ActivityStream : IAsyncDisposable
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

    public static async Task<ActivityStream> OpenAsync(string streamUrl, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), cancellationToken);
        return new ActivityStream(socket);
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
}
