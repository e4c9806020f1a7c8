using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MarocAssistant.State.Redis;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Robustness;

/// <summary>
/// Redis killed and started again in the middle of a citizen's Direct Line conversation (issue 16, part 2), over a real
/// redis-server: once empty, once from its append-only file. The focus procedure is kept during the outage and after,
/// no reply is delivered twice, and activity ids keep increasing.
/// </summary>
public sealed class RedisRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("empty")]
    [InlineData("aof")]
    public async Task Conversation_RedisKilledAndRestarted_KeepsFocusWithoutDuplicatesAndIdsIncrease(string restart)
    {
        await using var redis = await RedisServer.StartAsync(appendOnly: restart == "aof", Ct);
        await using var host = AssistantHost.Start(SharedStateTests.Settings(redis));
        using var client = host.CreateClient();
        using var directLine = new DirectLineTestClient(client);
        var connection = host.Service<RedisConnection>();
        var (conversation, token) = await directLine.StartConversationAsync(AssistantHost.DirectLineSecret, Ct);
        var seen = new List<JsonNode>();
        string? watermark = null;

        async Task<IReadOnlyList<JsonNode>> TurnAsync(string text)
        {
            var posted = await directLine.PostMessageAsync(conversation, token, text, cancellationToken: Ct);
            Assert.Equal(HttpStatusCode.OK, posted.Status);
            var id = (string)posted.Body!["id"]!;
            var (activities, next) = await directLine.ReadAsync(conversation, token, watermark, Ct);
            watermark = next;
            seen.AddRange(activities.Select(a => a!));
            return [.. activities.Select(a => a!).Where(a => (string?)a["replyToId"] == id)];
        }

        var first = await TurnAsync("bghit njded lpasspor dyali");
        Assert.Equal("passport-renewal", Procedure(first));

        var beforeOutage = watermark;
        var seenBeforeOutage = seen.Count;
        await redis.KillAsync();

        // During the outage: the follow-up is still about the passport renewal (state kept locally).
        var during = await TurnAsync("chno khassni");
        Assert.Equal("passport-renewal", Procedure(during));
        Assert.True(connection.IsDegraded);

        if (restart == "empty")
        {
            redis.WipeData();
        }

        await redis.RestartAsync(Ct);
        await WaitForAsync(() => connection.PingAsync(Ct));

        // The epoch key tells an empty Redis (every local copy is then written back) from one restored from its AOF.
        await WaitForAsync(() => Task.FromResult(host.Logs.Lines.Any(l => l.EventId == 91)));
        if (restart == "empty")
        {
            await WaitForAsync(() => Task.FromResult(host.Logs.Lines.Any(l => l.EventId == 92)));
        }

        // After the restart: the focus is still there, on this poll and on a fresh read of the whole log.
        var after = await TurnAsync("bch7al kaytkallef?");
        Assert.Equal("passport-renewal", Procedure(after));
        var again = await TurnAsync("w fin ndir had lwra9?");
        Assert.Equal("passport-renewal", Procedure(again));

        // Every activity was delivered once; ids (and watermarks) only ever increase.
        var ids = seen.Select(a => (string)a["id"]!).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var numbers = ids.Select(id => long.Parse(id[(id.LastIndexOf('|') + 1)..], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(numbers.Order(), numbers);
        Assert.Equal(numbers.Distinct().Count(), numbers.Count);
        var replies = seen.Where(a => (string?)a["replyToId"] is not null).GroupBy(a => (string)a["replyToId"]!).ToList();
        Assert.Equal(4, replies.Count);
        Assert.All(replies, group => Assert.Equal(group.Select(a => (string?)a["text"]).Distinct().Count(), group.Count()));
        var (rest, _) = await directLine.ReadAsync(conversation, token, watermark, Ct);
        Assert.Empty(rest);

        // A client that reconnects from its watermark before the outage gets each later activity once, in order.
        var (replayed, _) = await directLine.ReadAsync(conversation, token, beforeOutage, Ct);
        Assert.Equal(seen.Skip(seenBeforeOutage).Select(a => (string?)a["id"]), replayed.Select(a => (string?)a!["id"]));
        Assert.Equal(restart == "empty", host.Logs.Lines.Any(l => l.EventId == 92));
        Assert.Empty(host.Logs.Unhandled);
    }

    private static string? Procedure(IReadOnlyList<JsonNode> replies)
    {
        Assert.NotEmpty(replies);
        return (string?)replies[0]["channelData"]?["procedure"];
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, limit.Token);
        }
    }
}
