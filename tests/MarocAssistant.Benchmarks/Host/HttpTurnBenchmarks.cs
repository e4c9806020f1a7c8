using System.Collections.Concurrent;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace MarocAssistant.Benchmarks.Host;

/// <summary>
/// One <c>POST /api/messages</c> (expectReplies) through the whole host in process (Program.cs as shipped, over the
/// test server instead of sockets): rate limiter, routing, OpenTelemetry's HTTP metrics, reading the activity, the
/// turn, the reply activity and its JSON, and the log lines. As in <c>eng/load/messages.lua</c>, each message always
/// comes in the same conversation. The console provider is swapped for one that formats each line with the host's
/// own console formatter (JSON, with scopes, as configured) on the calling thread, as the console logger does, and
/// drops it instead of queuing it to the console. <see cref="Logs"/> false raises the level to Warning: the cost of
/// the per-turn line is the difference.
/// </summary>
[MemoryDiagnoser]
public class HttpTurnBenchmarks
{
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;
    private byte[] _body = [];
    private int _counter;

    [Params("bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam", "chhal kaykhlles?")]
    public string Message { get; set; } = "";

    [Params(true, false)]
    public bool Logs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var conversation = "load-" + Array.IndexOf(new[] { "bghit njded lbasbor dyali", "البطاقة الوطنية ديالي ضاعت شنو ندير", "Comment obtenir un extrait de casier judiciaire ?", "salam", "chhal kaykhlles?" }, Message);
        _body = Encoding.UTF8.GetBytes(
            "{\"type\":\"message\",\"id\":\"load-1\",\"channelId\":\"emulator\",\"serviceUrl\":\"http://127.0.0.1:9\"," +
            "\"from\":{\"id\":\"load-user-" + conversation + "\",\"role\":\"user\"},\"recipient\":{\"id\":\"bot\",\"role\":\"bot\"}," +
            "\"conversation\":{\"id\":\"" + conversation + "\"},\"text\":\"" + Message + "\",\"deliveryMode\":\"expectReplies\"}");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            // As eng/load/load.sh starts it: the build output as content root (appsettings.json, corpus, models, Templates
            // are copied there); rate limits raised far above the load (their cost is still paid).
            builder.UseContentRoot(AppContext.BaseDirectory);
            builder.UseSetting("RateLimiting:PermitsPerUser", "1000000000");
            builder.UseSetting("RateLimiting:PermitsPerAddress", "1000000000");
            builder.UseSetting("RateLimiting:ConversationsPerAddress", "1000000000");
            builder.UseSetting("WarmUp:Rounds", "0");
            if (!Logs)
            {
                builder.UseSetting("Logging:LogLevel:Default", "Warning");
            }

            builder.ConfigureTestServices(services =>
            {
                // The host's console provider (BatchedConsoleLoggerProvider, internal), whatever its class.
                services.RemoveConsoleProviders();
                services.AddSingleton<ILoggerProvider, FormattingLoggerProvider>();
            });
        });
        _client = _factory.CreateClient();
        for (var i = 0; i < 50; i++)
        {
            Post();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Benchmark]
    public int Post()
    {
        using var content = new ByteArrayContent(_body);
        content.Headers.ContentType = new("application/json");
        using var response = _client.PostAsync("/api/messages", content).GetAwaiter().GetResult();
        var length = response.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode} after {_counter} requests");
        }

        _counter++;
        return length;
    }

    /// <summary>
    /// The console logger's calling-thread work (format the entry with the configured <see cref="ConsoleFormatter"/>
    /// into a per-thread writer, take the string), without the queue and the console.
    /// </summary>
    private sealed class FormattingLoggerProvider : ILoggerProvider, ISupportExternalScope
    {
        [ThreadStatic]
        private static StringWriter? t_writer;

        private readonly ConsoleFormatter _formatter;
        private readonly ConcurrentDictionary<string, Logger> _loggers = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public FormattingLoggerProvider(IEnumerable<ConsoleFormatter> formatters, Microsoft.Extensions.Options.IOptions<ConsoleLoggerOptions> options)
        {
            _formatter = formatters.Single(f => f.Name == (options.Value.FormatterName ?? ConsoleFormatterNames.Simple));
        }

        public static long Characters { get; private set; }

        public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new Logger(this, name));

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(FormattingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                t_writer ??= new StringWriter();
                var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
                provider._formatter.Write(in entry, provider._scopes, t_writer);
                var builder = t_writer.GetStringBuilder();
                var line = builder.ToString();
                builder.Clear();
                Characters += line.Length;
            }
        }
    }
}

internal static class ServiceCollectionRemoval
{
    public static void RemoveConsoleProviders(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(ILoggerProvider) && services[i].ImplementationType?.Name.EndsWith("ConsoleLoggerProvider", StringComparison.Ordinal) == true)
            {
                services.RemoveAt(i);
            }
        }
    }
}
