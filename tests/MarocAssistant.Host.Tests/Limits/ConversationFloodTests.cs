using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MarocAssistant.Conversation.State;
using MarocAssistant.Host.Tests.Robustness;
using MarocAssistant.Testing;

namespace MarocAssistant.Host.Tests.Limits;

/// <summary>
/// Floods of conversation starts (issue 16, part 1) against the whole host in process: from one address with the
/// default limits, and from many addresses (a botnet, or limits off) beyond <c>DirectLine:MaxConversations</c>.
/// Each request gets the client address the test chooses, as Kestrel would give it.
/// </summary>
public sealed class ConversationFloodTests
{
    private const int Starts = 20_000;
    private const string CommuneOrigin = "https://www.commune-exemple.ma";

    private static readonly IPAddress Attacker = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress Citizen = IPAddress.Parse("198.51.100.20");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flood_TwentyThousandStartsFromOneAddress_WidgetCitizenStillGetsAnAnswer()
    {
        await using var host = AssistantHost.Start(WidgetSettings());
        var store = Assert.IsType<InMemoryDirectLineStore>(host.Service<IDirectLineStore>());
        var max = host.Service<Microsoft.Extensions.Options.IOptions<DirectLineStoreOptions>>().Value.MaxConversations;
        using var attacker = Client(host, _ => Attacker);
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();

        // Half with the secret, half as the widget does it with a forged Origin (a token, then a start with it).
        var elapsed = await FloodAsync(async i =>
        {
            if (i % 2 == 0)
            {
                var start = await StartAsync(attacker, AssistantHost.DirectLineSecret);
                statuses.AddOrUpdate(start.Status, 1, (_, n) => n + 1);
            }
            else
            {
                var token = await attacker.WidgetTokenAsync("commune", CommuneOrigin, Ct);
                statuses.AddOrUpdate(token.Status, 1, (_, n) => n + 1);
                if (token.Status == HttpStatusCode.OK)
                {
                    var start = await StartAsync(attacker, (string)token.Body!["token"]!);
                    statuses.AddOrUpdate(start.Status, 1, (_, n) => n + 1);
                }
            }

            Assert.InRange(store.Count, 0, max);
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"{Starts} starts from one address in {elapsed.TotalSeconds:0.0} s: "
            + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}×{s.Value}")));

        // The per-address budget of starts held: the rest were refused cheaply (429), nothing failed.
        Assert.DoesNotContain(statuses.Keys, s => (int)s >= 500);
        Assert.InRange(statuses.GetValueOrDefault(HttpStatusCode.Created), 1, 60);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.TooManyRequests) > Starts * 9 / 10);

        using var citizen = Client(host, _ => Citizen);
        await AssertCitizenServedAsync(citizen);
        Assert.InRange(store.Count, 1, max);
        Assert.Empty(host.Logs.Unhandled);
    }

    [Fact]
    public async Task Flood_StartsFromManyAddressesBeyondCap_EvictsUnusedWhileCitizensKeepTalking()
    {
        await using var host = AssistantHost.Start(WidgetSettings());
        var store = Assert.IsType<InMemoryDirectLineStore>(host.Service<IDirectLineStore>());
        var max = host.Service<Microsoft.Extensions.Options.IOptions<DirectLineStoreOptions>>().Value.MaxConversations;
        Assert.True(Starts > max, "the flood must go beyond the cap");

        // A citizen is in the middle of a conversation when the flood begins.
        using var citizen = Client(host, _ => Citizen);
        var (talking, talkingToken) = await AssertCitizenServedAsync(citizen);

        // Every start from its own address (a botnet): the per-address limits never trigger, the cap does.
        var next = 0;
        using var botnet = Client(host, _ => new IPAddress(BitConverter.GetBytes(0x0A000000 + Interlocked.Increment(ref next)).Reverse().ToArray()));
        var flooded = new ConcurrentQueue<string>();
        var elapsed = await FloodAsync(async _ =>
        {
            var start = await StartAsync(botnet, AssistantHost.DirectLineSecret);
            Assert.Equal(HttpStatusCode.Created, start.Status);
            flooded.Enqueue((string)start.Body!["conversationId"]!);
            Assert.InRange(store.Count, 0, max);
        });
        TestContext.Current.TestOutputHelper?.WriteLine($"{Starts} starts from {Starts} addresses in {elapsed.TotalSeconds:0.0} s; {store.Evicted} evicted");

        // The idlest conversations nobody wrote in made room; their ids answer 404 BadArgument, as Azure does.
        Assert.True(store.Evicted >= Starts - max);
        Assert.InRange(store.Count, 1, max);
        var evicted = await citizen.SendAsync(HttpMethod.Get, $"/conversations/{flooded.First()}/activities", AssistantHost.DirectLineSecret, null, Ct);
        Assert.Equal(HttpStatusCode.NotFound, evicted.Status);
        var error = evicted.Body!["error"]!;
        Assert.Equal("BadArgument", (string?)error["code"]);

        // The conversation the citizen had written in survived, and goes on; a new citizen is served too.
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostMessageAsync(talking, talkingToken, "bch7al kaykhles?", cancellationToken: Ct)).Status);

        using var newcomer = Client(host, _ => IPAddress.Parse("198.51.100.99"));
        await AssertCitizenServedAsync(newcomer);
        Assert.InRange(store.Count, 1, max);
        Assert.Empty(host.Logs.Unhandled);
    }

    [Fact]
    public async Task Flood_BehindLocalProxyWithForwardedHeaders_CountsEachCitizenNotTheProxy()
    {
        // nginx on the same machine: every connection comes from 127.0.0.1 and names the client in X-Forwarded-For.
        var settings = WidgetSettings();
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        settings["RateLimiting:ConversationsPerAddress"] = "5";
        await using var host = AssistantHost.Start(settings);
        using var proxy = Client(host, _ => IPAddress.Loopback);

        var attackerStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = DirectLineTestClient.Request(HttpMethod.Post, "/conversations", AssistantHost.DirectLineSecret);
            request.Headers.Add("X-Forwarded-For", Attacker.ToString());
            attackerStatuses.Add((await proxy.SendAsync(request, Ct)).Status);
        }

        using var citizenRequest = DirectLineTestClient.Request(HttpMethod.Post, "/conversations", AssistantHost.DirectLineSecret);
        citizenRequest.Headers.Add("X-Forwarded-For", Citizen.ToString());
        var citizen = await proxy.SendAsync(citizenRequest, Ct);

        Assert.Equal(5, attackerStatuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(3, attackerStatuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.Created, citizen.Status);
    }

    [Fact]
    public async Task Flood_FromLoopbackWithoutProxySettings_IsCountedAndForgedForwardedForIgnored()
    {
        // A local proxy the host was not told about: loopback is not exempt, and X-Forwarded-For is not believed.
        await using var host = AssistantHost.Start(new Dictionary<string, string?> { ["RateLimiting:ConversationsPerAddress"] = "5" });
        using var local = Client(host, _ => IPAddress.Loopback);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            using var request = DirectLineTestClient.Request(HttpMethod.Post, "/conversations", AssistantHost.DirectLineSecret);
            request.Headers.Add("X-Forwarded-For", "192.0.2." + (i + 1));
            statuses.Add((await local.SendAsync(request, Ct)).Status);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }

    private static Dictionary<string, string?> WidgetSettings() => new()
    {
        ["Widget:Administrations:commune:Name"] = "Commune",
        ["Widget:Administrations:commune:AllowedOrigins:0"] = CommuneOrigin,
    };

    /// <summary>A Direct Line client whose every request comes from the address <paramref name="address"/> picks.</summary>
    private static DirectLineTestClient Client(AssistantHost host, Func<int, IPAddress> address)
    {
        var server = host.Factory.Server;
        var http = new HttpClient(server.CreateHandler(context => context.Connection.RemoteIpAddress = address(0)))
        {
            BaseAddress = server.BaseAddress,
        };
        return new DirectLineTestClient(http, ownsHttp: true);
    }

    /// <summary>Runs <see cref="Starts"/> attempts, 16 at a time, as fast as they go.</summary>
    private static async Task<TimeSpan> FloodAsync(Func<int, Task> attempt)
    {
        var stopwatch = Stopwatch.StartNew();
        var index = -1;
        var workers = Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref index)) < Starts)
            {
                await attempt(i);
            }
        });
        await Task.WhenAll(workers);
        return stopwatch.Elapsed;
    }

    /// <summary>A widget citizen: a token for an allowed origin, a conversation, a question and its answer.</summary>
    private static async Task<(string ConversationId, string Token)> AssertCitizenServedAsync(DirectLineTestClient client)
    {
        var tokenResponse = await client.WidgetTokenAsync("commune", CommuneOrigin, Ct);
        Assert.Equal(HttpStatusCode.OK, tokenResponse.Status);
        var token = (string)tokenResponse.Body!["token"]!;

        var start = await StartAsync(client, token);
        Assert.Equal(HttpStatusCode.Created, start.Status);
        var conversationId = (string)start.Body!["conversationId"]!;

        var posted = await client.PostMessageAsync(conversationId, token, "bghit njded lpasspor dyali", cancellationToken: Ct);
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        var messageId = (string)posted.Body!["id"]!;

        var read = await client.SendAsync(HttpMethod.Get, $"/conversations/{conversationId}/activities", token, null, Ct);
        Assert.Equal(HttpStatusCode.OK, read.Status);
        var activities = read.Body!["activities"]!.AsArray();
        var answer = activities.First(a => (string?)a!["replyToId"] == messageId && (string?)a["type"] == "message");
        Assert.False(string.IsNullOrWhiteSpace((string?)answer!["text"]));
        Assert.Equal("passport-renewal", (string?)answer["channelData"]!["procedure"]);
        return (conversationId, token);
    }

    private static Task<DirectLineReply> StartAsync(DirectLineTestClient client, string credential) =>
        client.SendAsync(HttpMethod.Post, "/conversations", credential, null, Ct);
}
