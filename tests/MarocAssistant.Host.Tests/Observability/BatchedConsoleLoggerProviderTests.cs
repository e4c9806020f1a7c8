using System.Text;
using MarocAssistant.Host.Observability;
using MarocAssistant.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Host.Tests.Observability;

/// <summary>The console provider that writes the formatter's lines in batches: same lines, same order, written in time.</summary>
public sealed class BatchedConsoleLoggerProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Log_ManyLinesWithScopes_WritesExactlyTheFormattersLinesInOrder()
    {
        using var services = Services();
        var output = new MemoryStream();
        var provider = Provider(services, output, new MemoryStream(), new ManualTimeProvider(Start));
        var scopes = new LoggerExternalScopeProvider();
        provider.SetScopeProvider(scopes);
        var logger = provider.CreateLogger("Tests.Category");
        var expected = new StringWriter();
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);

        // Enough lines (with Arabic, so multi-byte UTF-8) to fill the buffer several times over.
        for (var i = 0; i < 500; i++)
        {
            using var scope = scopes.Push(new Dictionary<string, object?> { ["TurnId"] = "turn-" + i });
            var state = new Dictionary<string, object?> { ["Text"] = "البطاقة الوطنية " + i };
            logger.Log(LogLevel.Information, new EventId(1), state, null, (s, _) => "line " + i);
            formatter.Write(new LogEntry<Dictionary<string, object?>>(LogLevel.Information, "Tests.Category", new EventId(1), state, null, (s, _) => "line " + i), scopes, expected);
        }

        provider.Dispose();

        Assert.Contains("\"TurnId\":\"turn-499\"", expected.ToString(), StringComparison.Ordinal);
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void Log_ManyThreadsAtOnce_EveryLineWholeAndEachThreadInOrder()
    {
        using var services = Services();
        var output = new MemoryStream();
        var provider = Provider(services, output, new MemoryStream(), new ManualTimeProvider(Start));
        var logger = provider.CreateLogger("Tests.Category");

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
        {
            for (var i = 0; i < 2_000; i++)
            {
                logger.LogInformation("thread {Thread} line {Line}", thread, i);
            }
        });
        provider.Dispose();

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16_000, lines.Length);
        for (var thread = 0; thread < 8; thread++)
        {
            var prefix = $"\"Message\":\"thread {thread} line ";
            var numbers = lines.Where(l => l.Contains(prefix, StringComparison.Ordinal))
                .Select(l => int.Parse(l[(l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)..l.IndexOf('"', l.IndexOf(prefix, StringComparison.Ordinal) + prefix.Length)], System.Globalization.CultureInfo.InvariantCulture))
                .ToList();
            Assert.Equal(Enumerable.Range(0, 2_000), numbers);
        }
    }

    [Fact]
    public void Log_FewLines_WrittenWhenTheFlushIntervalPasses()
    {
        using var services = Services();
        var output = new MemoryStream();
        var clock = new ManualTimeProvider(Start);
        using var provider = Provider(services, output, new MemoryStream(), clock);
        var logger = provider.CreateLogger("Tests.Category");

        logger.LogInformation("first");
        logger.LogInformation("second");
        Assert.Equal(0, output.Length);

        clock.Advance(BatchedConsoleLoggerProvider.FlushInterval);
        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(text.IndexOf("first", StringComparison.Ordinal) is >= 0 and var first && text.IndexOf("second", StringComparison.Ordinal) > first, text);
    }

    [Fact]
    public void Log_Warning_WrittenAtOnceAfterTheLinesBeforeIt()
    {
        using var services = Services();
        var output = new MemoryStream();
        using var provider = Provider(services, output, new MemoryStream(), new ManualTimeProvider(Start));
        var logger = provider.CreateLogger("Tests.Category");

        logger.LogInformation("before");
        logger.LogWarning("careful");

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.True(text.IndexOf("before", StringComparison.Ordinal) is >= 0 and var before && text.IndexOf("careful", StringComparison.Ordinal) > before, text);
    }

    [Fact]
    public void Log_AtTheStandardErrorThreshold_WritesToStandardError()
    {
        using var services = Services(new() { ["Logging:Console:LogToStandardErrorThreshold"] = "Error" });
        var output = new MemoryStream();
        var errors = new MemoryStream();
        using var provider = Provider(services, output, errors, new ManualTimeProvider(Start));
        var logger = provider.CreateLogger("Tests.Category");

        logger.LogInformation("ordinary");
        logger.LogError("broken");

        Assert.Contains("broken", Encoding.UTF8.GetString(errors.ToArray()), StringComparison.Ordinal);
        Assert.DoesNotContain("broken", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        Assert.Contains("ordinary", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void UseBatchedConsole_ConsoleLogLevelSet_FiltersItAsTheConsoleProvider()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Console:LogLevel:Default"] = "Warning" })
            .Build();
        using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).UseBatchedConsole())
            .BuildServiceProvider();

        var providers = services.GetServices<ILoggerProvider>().ToList();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Tests.Category");

        Assert.Single(providers.OfType<BatchedConsoleLoggerProvider>());
        Assert.Empty(providers.OfType<ConsoleLoggerProvider>());
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
    }

    [Fact]
    public async Task Host_Started_LogsThroughTheBatchedProviderOnly()
    {
        await using var host = AssistantHost.Start();

        var providers = host.Services.GetServices<ILoggerProvider>().ToList();

        Assert.Single(providers.OfType<BatchedConsoleLoggerProvider>());
        Assert.Empty(providers.OfType<ConsoleLoggerProvider>());
    }

    // The JSON formatter with scopes, as appsettings.json configures it (without timestamps, which would differ).
    private static ServiceProvider Services(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:Console:FormatterName"] = "json",
                ["Logging:Console:FormatterOptions:IncludeScopes"] = "true",
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        return new ServiceCollection()
            .AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).AddConsole())
            .BuildServiceProvider();
    }

    private static BatchedConsoleLoggerProvider Provider(ServiceProvider services, Stream output, Stream errors, TimeProvider clock) =>
        new(services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), services.GetServices<ConsoleFormatter>(), output, errors, clock);
}
