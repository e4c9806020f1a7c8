using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MarocAssistant.State.Redis;

/// <summary>
/// The one connection to Redis a host keeps, and the rule every store follows with it: try Redis within the operation
/// timeout; on any Redis failure answer from local state, log the change once, and leave Redis alone for
/// <see cref="StateOptions.RetryAfterFailureSeconds"/> (so that a Redis that is down costs nothing per turn); then try
/// again, and when a call succeeds again say so and let the stores write back what they kept locally meanwhile.
/// Whether Redis came back with its data (from its AOF) or empty is told by an epoch key, a random value written once
/// per data set: a different or missing epoch means the data was lost, and the stores then write back everything they
/// hold locally too (<see cref="RedisRecovery.DataLost"/>), merged by version so that nothing newer is overwritten.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private readonly StateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisConnection> _logger;
    private readonly SemaphoreSlim _connectGate = new(1, 1);
    private const string EpochScript = """
        local current = redis.call('GET', KEYS[1])
        if current then return current end
        redis.call('SET', KEYS[1], ARGV[1])
        return ARGV[1]
        """;

    private readonly List<Func<RedisRecovery, CancellationToken, Task>> _onRecovered = [];
    private string? _epoch;
    private ConnectionMultiplexer? _multiplexer;
    private long _skipUntilTicks;
    private int _degraded;
    private string _lastFailure = "";

    public RedisConnection(IOptions<StateOptions> options, TimeProvider time, ILogger<RedisConnection> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>True while the last call to Redis failed: the stores answer from local state.</summary>
    public bool IsDegraded => Volatile.Read(ref _degraded) == 1;

    /// <summary>What the last failure was (an exception type, never data), for readiness.</summary>
    public string LastFailure => Volatile.Read(ref _lastFailure);

    /// <summary>The key with the deployment's prefix.</summary>
    public RedisKey Key(string suffix) => _options.KeyPrefix + suffix;

    /// <summary>The pub/sub channel with the deployment's prefix.</summary>
    public RedisChannel Channel(string suffix) => new(_options.KeyPrefix + suffix, RedisChannel.PatternMode.Literal);

    /// <summary>
    /// Registers work to do once Redis answers again after a failure (write back what was kept locally), or when it is
    /// found to have lost its data (restarted empty).
    /// </summary>
    public void OnRecovered(Func<RedisRecovery, CancellationToken, Task> callback)
    {
        lock (_onRecovered)
        {
            _onRecovered.Add(callback);
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on Redis; on failure (or while Redis is known to be down) runs
    /// <paramref name="fallback"/> instead. Cancellation by the caller is passed through, never taken for a failure.
    /// </summary>
    public async ValueTask<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, Func<ValueTask<T>> fallback, CancellationToken cancellationToken = default)
    {
        if (ShouldSkip())
        {
            return await fallback();
        }

        try
        {
            var database = (await ConnectAsync(cancellationToken)).GetDatabase();

            // The client times the call out itself (AsyncTimeout); WaitAsync only passes the caller's cancellation.
            var result = await operation(database).WaitAsync(cancellationToken);
            Succeeded();
            return result;
        }
        catch (Exception ex) when (IsRedisFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            Failed(ex);
            return await fallback();
        }
    }

    /// <summary>The database, connecting first; throws a Redis failure as <see cref="RunAsync{T}"/> would see it.</summary>
    public async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken = default) =>
        (await ConnectAsync(cancellationToken)).GetDatabase();

    /// <summary>The subscriber, connecting first; throws a Redis failure as <see cref="RunAsync{T}"/> would see it.</summary>
    public async Task<ISubscriber> SubscriberAsync(CancellationToken cancellationToken = default) =>
        (await ConnectAsync(cancellationToken)).GetSubscriber();

    /// <summary>Asks Redis for a PING within the timeout: the readiness probe. Updates the degraded state either way.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var database = (await ConnectAsync(cancellationToken)).GetDatabase();
            await database.PingAsync().WaitAsync(cancellationToken);
            if (!IsDegraded && await EpochChangedAsync(database))
            {
                // Restarted empty between two calls without any of them failing: write back as after an outage.
                Recover(dataLost: true);
            }

            Succeeded();
            return true;
        }
        catch (Exception ex) when (IsRedisFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            Failed(ex);
            return false;
        }
    }

    /// <summary>
    /// Exceptions that mean "Redis is not usable right now" (as opposed to a bug or a cancellation): the client's own
    /// (connection, server, command; <see cref="RedisTimeoutException"/> is a <see cref="TimeoutException"/>), and a
    /// connection disposed while the host stops.
    /// </summary>
    public static bool IsRedisFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;

    /// <summary>Reports a failure seen outside <see cref="RunAsync{T}"/> (e.g. a subscription).</summary>
    public void Failed(Exception exception)
    {
        Volatile.Write(ref _lastFailure, exception.GetType().Name);
        Interlocked.Exchange(ref _skipUntilTicks, _time.GetUtcNow().UtcTicks + TimeSpan.FromSeconds(_options.RetryAfterFailureSeconds).Ticks);
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            LogUnavailable(exception.GetType().Name);
        }
    }

    private bool ShouldSkip() =>
        Volatile.Read(ref _degraded) == 1 && _time.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntilTicks);

    private void Succeeded()
    {
        if (Volatile.Read(ref _degraded) == 0 || Interlocked.Exchange(ref _degraded, 0) == 0)
        {
            return;
        }

        LogRecovered();
        Recover(dataLost: null);
    }

    /// <summary>
    /// Runs the recovery callbacks in the background (the call that noticed is a citizen's turn); with
    /// <paramref name="dataLost"/> null, the epoch tells first whether Redis kept its data.
    /// </summary>
    private void Recover(bool? dataLost)
    {
        Func<RedisRecovery, CancellationToken, Task>[] callbacks;
        lock (_onRecovered)
        {
            callbacks = [.. _onRecovered];
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var lost = dataLost ?? await EpochChangedAsync((await ConnectAsync(CancellationToken.None)).GetDatabase());
                if (lost)
                {
                    LogDataLost();
                }

                foreach (var callback in callbacks)
                {
                    await callback(new RedisRecovery(lost), CancellationToken.None);
                }
            }
            catch (Exception ex) when (IsRedisFailure(ex))
            {
                Failed(ex);
            }
        });
    }

    /// <summary>Reads (or writes, when missing) the epoch; true when it differs from the one this host knew.</summary>
    private async Task<bool> EpochChangedAsync(IDatabase database)
    {
        var proposed = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var current = (string?)await database.ScriptEvaluateAsync(EpochScript, [Key("epoch")], [proposed]);
        var known = Interlocked.Exchange(ref _epoch, current);
        return known is not null && !string.Equals(known, current, StringComparison.Ordinal);
    }

    private async ValueTask<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _multiplexer) is { } ready)
        {
            return ready;
        }

        await _connectGate.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is null)
            {
                var configuration = ConfigurationOptions.Parse(_options.Redis);
                configuration.AbortOnConnectFail = false;
                configuration.ConnectTimeout = _options.ConnectTimeoutMilliseconds;
                configuration.SyncTimeout = _options.OperationTimeoutMilliseconds;
                configuration.AsyncTimeout = _options.OperationTimeoutMilliseconds;

                // While disconnected a command fails at once (no queue waiting for the reconnection): the stores then
                // answer from local state, and the retry pause keeps a Redis that is down from costing every turn.
                configuration.BacklogPolicy = BacklogPolicy.FailFast;
                configuration.ConnectRetry = 1;
                configuration.ClientName ??= "maroc-assistant";
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                if (multiplexer.IsConnected)
                {
                    // The epoch of the data set this host starts with (a failure here is retried at the next call).
                    await EpochChangedAsync(multiplexer.GetDatabase());
                }

                Volatile.Write(ref _multiplexer, multiplexer);
            }

            return _multiplexer;
        }
        finally
        {
            _connectGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }

        _connectGate.Dispose();
    }

    [LoggerMessage(EventId = 90, Level = LogLevel.Warning, Message = "Redis is unreachable ({Failure}): conversation state, Direct Line logs, duplicate keys and rate counters are kept locally until it returns")]
    private partial void LogUnavailable(string failure);

    [LoggerMessage(EventId = 91, Level = LogLevel.Information, Message = "Redis is reachable again: shared state resumed, local state written back")]
    private partial void LogRecovered();

    [LoggerMessage(EventId = 92, Level = LogLevel.Warning, Message = "Redis came back without its data (new epoch): this host writes back the conversations it holds")]
    private partial void LogDataLost();
}

/// <summary>What a store is told when Redis answers again.</summary>
/// <param name="DataLost">Redis restarted empty (or its data was flushed): write back everything held locally, not only
/// what changed during the outage.</param>
public sealed record RedisRecovery(bool DataLost);
