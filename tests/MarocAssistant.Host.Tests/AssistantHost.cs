using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Host.Tests;

/// <summary>
/// The whole host (Program.cs) in process through WebApplicationFactory, with settings and a capture of every log
/// line, so that a test can assert that nothing was logged as an unhandled exception. Every host test starts its host
/// through here.
/// </summary>
internal sealed class AssistantHost : IAsyncDisposable
{
    public const string DirectLineSecret = "robustness-directline-secret-0123";
    public const string SigningKey = "robustness-signing-key-0123456789-0123456789";
    public const string AdminKey = "robustness-admin-key-0123456789";

    private AssistantHost(WebApplicationFactory<Program> factory, LogCapture logs)
    {
        Factory = factory;
        Logs = logs;
    }

    public WebApplicationFactory<Program> Factory { get; }

    public LogCapture Logs { get; }

    public IServiceProvider Services => Factory.Services;

    /// <summary>Settings every robustness host shares: a Direct Line secret and signing key (the same on every host), the admin key.</summary>
    public static Dictionary<string, string?> BaseSettings() => new()
    {
        ["DirectLine:Secret"] = DirectLineSecret,
        ["DirectLine:TokenSigningKey"] = SigningKey,
        ["Admin:ApiKey"] = AdminKey,
        // A short warm-up: the shipped length is tuned for a fresh host's first seconds under load (eng/load/load.sh
        // COLD=1), not for tests; TurnWarmUpTests set their own.
        ["WarmUp:Rounds"] = "2",
    };

    /// <summary>Starts the host, failing as the real one would (an invalid setting throws <c>OptionsValidationException</c>).</summary>
    /// <param name="settings">Settings over <see cref="BaseSettings"/>.</param>
    /// <param name="services">Replacements of the host's services, applied after Program.cs registered them.</param>
    /// <param name="baseSettings">False for the host's own defaults (no secret, no admin key).</param>
    public static AssistantHost Start(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, bool baseSettings = true)
    {
        var logs = new LogCapture();
        var all = baseSettings ? BaseSettings() : [];
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in all)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureLogging(logging => logging.AddProvider(logs));
            if (services is not null)
            {
                builder.ConfigureTestServices(services);
            }
        });
        try
        {
            _ = factory.Server;   // start now
        }
        catch
        {
            factory.Dispose();
            throw;
        }

        return new AssistantHost(factory, logs);
    }

    public HttpClient CreateClient() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public T Service<T>()
        where T : notnull => Factory.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>One host with <see cref="AssistantHost.BaseSettings"/> for a test class.</summary>
public sealed class AssistantHostFixture : IAsyncLifetime
{
    internal AssistantHost Host { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Host = AssistantHost.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Every log line a host wrote: level, category, event id, message and exception.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Lines that report an exception nobody handled (the exception handler, Kestrel, the hosting layer) or any error-level line.</summary>
    public IReadOnlyList<LogLine> Unhandled => [.. Lines.Where(l => l.Level >= LogLevel.Error
        || l.Category.StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal)
        || l.Category.StartsWith("Microsoft.AspNetCore.Server", StringComparison.Ordinal) && l.Exception is not null)];

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(new LogLine(logLevel, category, eventId.Id, formatter(state, exception), exception));
    }
}

internal sealed record LogLine(LogLevel Level, string Category, int EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId}] {Message} {Exception?.GetType().Name}: {Exception?.Message}";
}
