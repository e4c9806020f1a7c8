using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarocAssistant.State.Redis.Tests;

/// <summary>Two "hosts" (each its own connection and stores) over one real redis-server.</summary>
internal sealed class RedisFixture : IAsyncDisposable
{
    private readonly List<RedisConnection> _connections = [];

    private RedisFixture(RedisServer server)
    {
        Server = server;
    }

    public RedisServer Server { get; }

    public static async Task<RedisFixture> StartAsync() => new(await RedisServer.StartAsync(TestContext.Current.CancellationToken));

    public RedisConnection Connect(int retryAfterFailureSeconds = 1, string? connectionString = null)
    {
        var connection = new RedisConnection(
            Options.Create(new StateOptions
            {
                Redis = connectionString ?? Server.ConnectionString,
                KeyPrefix = "test:",
                OperationTimeoutMilliseconds = 500,
                ConnectTimeoutMilliseconds = 1000,
                RetryAfterFailureSeconds = retryAfterFailureSeconds,
            }),
            TimeProvider.System,
            NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return connection;
    }

    public static RedisDirectLineStore DirectLine(RedisConnection connection, int maxActivities = 500) =>
        new(connection, Options.Create(new DirectLineStoreOptions { MaxActivitiesPerConversation = maxActivities }), TimeProvider.System);

    public static RedisConversationStore Conversations(RedisConnection connection) =>
        new(connection, Options.Create(new AssistantOptions()), TimeProvider.System);

    /// <summary>Waits until the connection answers again after a restart (the client reconnects on its own).</summary>
    public static async Task WaitUntilReachableAsync(RedisConnection connection)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        while (!await connection.PingAsync(limit.Token))
        {
            await Task.Delay(100, limit.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await Server.DisposeAsync();
    }
}
