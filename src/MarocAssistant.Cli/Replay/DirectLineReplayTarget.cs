using System.Diagnostics;
using Activity = MarocAssistant.Activities.Activity;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarocAssistant.Activities;

namespace MarocAssistant.Cli.Replay;

/// <summary>
/// Replays against a running host over Direct Line 3.0 (shared/specs/botframework/directline-3.0.json), as any
/// client would: <c>POST /v3/directline/conversations</c> with the secret, then the conversation token for
/// <c>POST .../activities</c> and polling <c>GET .../activities?watermark=</c>. What the assistant understood is read
/// from each reply's channelData (language, detected, procedure, outcome).
/// </summary>
/// <remarks>
/// A turn ends when the replies to the posted activity (matched by <c>replyToId</c>) have arrived and one more poll,
/// <see cref="SettleDelay"/> later, brings nothing new: with a host that answers within the POST, one POST and two
/// GETs per turn. Its time is measured to the first reply seen, so it includes the polling delay (none when the
/// replies are there at the first poll). A 429 is waited out (Retry-After) within the timeout.
/// </remarks>
internal sealed class DirectLineReplayTarget : IReplayTarget
{
    /// <summary>Each conversation is a different citizen (<c>maroc-replay-…</c>), as per-user limits expect.</summary>
    public const string UserIdPrefix = "maroc-replay-";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxPollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(75);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _secret;
    private readonly TimeSpan _timeout;

    /// <param name="http">A client whose base address is the host (e.g. <c>http://127.0.0.1:5080/</c>).</param>
    /// <param name="secret">The host's Direct Line secret, exchanged for a conversation token at each start.</param>
    /// <param name="timeout">How long to wait for the replies to one message.</param>
    /// <param name="ownsHttp">Whether disposing the target disposes <paramref name="http"/>.</param>
    public DirectLineReplayTarget(HttpClient http, string secret, TimeSpan timeout, bool ownsHttp = false)
    {
        _http = http;
        _secret = secret;
        _timeout = timeout;
        _ownsHttp = ownsHttp;
    }

    public static DirectLineReplayTarget Create(string url, string secret, TimeSpan timeout) =>
        new(new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = timeout }, secret, timeout, ownsHttp: true);

    public string Description => "Direct Line " + _http.BaseAddress;

    public async Task<IReplayConversation> StartAsync(CancellationToken cancellationToken = default)
    {
        var userId = UserIdPrefix + Guid.NewGuid().ToString("N")[..12];
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "v3/directline/conversations")
            {
                Content = JsonContent.Create(new DirectLineTokenParameters { User = new ChannelAccount { Id = userId } }, ActivityJsonContext.Default.DirectLineTokenParameters),
            },
            _secret,
            cancellationToken);
        await EnsureSuccessAsync(response, "start a conversation", cancellationToken);
        var started = await response.Content.ReadFromJsonAsync(ActivityJsonContext.Default.DirectLineConversation, cancellationToken)
            ?? throw new ReplayTargetException("The host answered the conversation start with an empty body.");
        if (string.IsNullOrEmpty(started.ConversationId))
        {
            throw new ReplayTargetException("The host's conversation start has no conversationId.");
        }

        // A token-mode client uses the conversation token from here on; a host that gives none accepts the secret.
        return new Conversation(this, started.ConversationId, started.Token ?? _secret, userId);
    }

    /// <summary>
    /// Sends a request; on 429 waits as long as <c>Retry-After</c> says (within the turn timeout) and tries again, so a
    /// host's rate limits slow a replay down instead of failing it.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, string credential, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(_timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
            var response = await _http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
            if (Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency) > deadline)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            ? " (check --secret or DIRECTLINE_SECRET against the host's DirectLine:Secret)"
            : "";
        throw new ReplayTargetException($"Could not {what}: HTTP {(int)response.StatusCode}{hint}. {body[..Math.Min(body.Length, 300)]}");
    }

    private sealed class Conversation : IReplayConversation
    {
        private readonly DirectLineReplayTarget _target;
        private readonly string _id;
        private readonly string _token;
        private readonly string _userId;
        private string? _watermark;

        // Once the host is seen to set replyToId, only activities answering the posted one count as its replies, so a
        // late welcome is never taken for an answer; a host that sets none gets every bot activity.
        private bool _hostSetsReplyTo;

        public Conversation(DirectLineReplayTarget target, string id, string token, string userId)
        {
            _target = target;
            _id = id;
            _token = token;
            _userId = userId;
        }

        private string ActivitiesPath => $"v3/directline/conversations/{Uri.EscapeDataString(_id)}/activities";

        /// <summary>The welcome, if the host sends one: whatever the bot posted before anything was sent.</summary>
        public async Task<ObservedTurn> WelcomeAsync(CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            var replies = await CollectAsync(replyToId: null, wait: TimeSpan.FromSeconds(1.5), started, cancellationToken);
            return new ObservedTurn(replies.Activities.Select(Observe).ToList(), replies.FirstAt is { } first ? first : Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        public async Task<ObservedTurn> SendAsync(string text, CancellationToken cancellationToken = default)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await _target.SendAsync(
                () => new HttpRequestMessage(HttpMethod.Post, ActivitiesPath)
                {
                    Content = JsonContent.Create(
                        new Activity
                        {
                            Type = "message",
                            From = new ChannelAccount { Id = _userId, Role = "user" },
                            Text = text,
                            TextFormat = "plain",
                        },
                        ActivityJsonContext.Default.Activity),
                },
                _token,
                cancellationToken);
            await EnsureSuccessAsync(response, "post the message", cancellationToken);
            var posted = await response.Content.ReadFromJsonAsync(ActivityJsonContext.Default.ResourceResponse, cancellationToken);
            var replies = await CollectAsync(posted?.Id, _target._timeout, started, cancellationToken);
            if (replies.Activities.Count == 0)
            {
                throw new ReplayTargetException($"No reply within {_target._timeout.TotalSeconds:0} s.");
            }

            return new ObservedTurn(replies.Activities.Select(Observe).ToList(), replies.FirstAt ?? 0);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        /// <summary>
        /// Polls until replies have come and the conversation is quiet, or <paramref name="wait"/> is over. Replies are
        /// bot activities answering <paramref name="replyToId"/>; with a null <paramref name="replyToId"/> (the
        /// welcome), every bot activity.
        /// </summary>
        private async Task<(List<Activity> Activities, double? FirstAt)> CollectAsync(
            string? replyToId, TimeSpan wait, long? started, CancellationToken cancellationToken)
        {
            var clock = started ?? Stopwatch.GetTimestamp();
            var found = new List<Activity>();
            double? firstAt = null;
            var delay = PollInterval;
            while (Stopwatch.GetElapsedTime(clock) < wait)
            {
                var batch = await PollAsync(cancellationToken);
                var fromBot = batch.Where(a => a.From?.Id != _userId
                    && (a.IsMessage || string.Equals(a.Type, "event", StringComparison.OrdinalIgnoreCase))).ToList();
                _hostSetsReplyTo |= fromBot.Any(a => a.ReplyToId is not null);
                var replies = fromBot.Where(a => replyToId is null || a.ReplyToId == replyToId || (a.ReplyToId is null && !_hostSetsReplyTo)).ToList();
                if (replies.Count > 0)
                {
                    // Replies came: look once more after a short quiet time for any that follow them.
                    found.AddRange(replies);
                    firstAt ??= Stopwatch.GetElapsedTime(clock).TotalMilliseconds;
                    await Task.Delay(SettleDelay, cancellationToken);
                    continue;
                }

                if (found.Count > 0)
                {
                    break;
                }

                // Nothing yet: poll again soon, then less and less often.
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollInterval.Ticks));
            }

            return (found, firstAt);
        }

        private async Task<List<Activity>> PollAsync(CancellationToken cancellationToken)
        {
            var path = _watermark is null ? ActivitiesPath : ActivitiesPath + "?watermark=" + Uri.EscapeDataString(_watermark);
            using var response = await _target.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), _token, cancellationToken);
            await EnsureSuccessAsync(response, "read the activities", cancellationToken);
            var set = await response.Content.ReadFromJsonAsync(ActivityJsonContext.Default.ActivitySet, cancellationToken);

            // A missing watermark must not overwrite the previous one (directline-3.0 § WebSocket).
            if (!string.IsNullOrEmpty(set?.Watermark))
            {
                _watermark = set.Watermark;
            }

            return set?.Activities ?? [];
        }

        private static ObservedReply Observe(Activity activity) => new(
            activity.IsMessage ? "message" : "event",
            activity.Text,
            activity.SuggestedActions?.Actions.Select(a => new ObservedButton(a.Title ?? a.ValueText() ?? "", a.ValueText() ?? a.Title ?? "")).ToList() ?? [],
            EventName: activity.IsMessage ? null : activity.Name,
            Language: activity.ChannelDataString("language"),
            Detected: activity.ChannelDataString("detected"),
            Procedure: activity.ChannelDataString("procedure"),
            Outcome: activity.ChannelDataString("outcome"));
    }
}

/// <summary>The target could not be reached or did not answer as Direct Line does; the case fails with this message.</summary>
internal sealed class ReplayTargetException(string message) : Exception(message);
