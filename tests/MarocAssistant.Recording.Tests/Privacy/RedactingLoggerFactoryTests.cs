using MarocAssistant.Recording.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Recording.Tests.Privacy;

public sealed partial class RedactingLoggerFactoryTests
{
    [Fact]
    public void Log_MessageWithPhoneAndCin_ProvidersSeeRedactedMessageAndState()
    {
        var sink = new CapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILogger<RedactingLoggerFactoryTests>>();

        LogUser(logger, "212612345678", "cin AB123456, tel 06 12 34 56 78");

        var entry = Assert.Single(sink.Entries);
        Assert.Equal("User [PHONE] wrote cin [CIN], tel [PHONE]", entry.Message);
        Assert.Contains(entry.State, p => p.Key == "User" && Equals(p.Value, "[PHONE]"));
        Assert.Contains(entry.State, p => p.Key == "{OriginalFormat}" && Equals(p.Value, "User {User} wrote {Text}"));
        Assert.DoesNotContain("612345678", string.Join(' ', entry.State.Select(p => p.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_NothingPersonal_ValuesPassedAsTheyAre()
    {
        var sink = new CapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        logger.LogInformation("Turn took {ElapsedMs} ms on {Channel}", 12.5, "whatsapp");

        var entry = Assert.Single(sink.Entries);
        Assert.Contains(entry.State, p => p.Key == "ElapsedMs" && p.Value is double);
        Assert.Equal("Turn took 12.5 ms on whatsapp", entry.Message);
    }

    [Fact]
    public void Log_PersonalDataInAnInterpolatedTemplate_Redacted()
    {
        var sink = new CapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");
        var phone = "0612345678";

#pragma warning disable CA2254 // the mistake this test guards against: personal data in the template itself
        logger.LogInformation($"Call back {phone} about {{Procedure}}", "passport-renewal");
        logger.LogInformation($"Call back {phone} about {{Procedure}}", "passport-renewal");
#pragma warning restore CA2254

        Assert.Equal(2, sink.Entries.Count);
        Assert.All(sink.Entries, e => Assert.Equal("Call back [PHONE] about passport-renewal", e.Message));
    }

    [Fact]
    public void Log_WaIdAsNumber_Redacted()
    {
        var sink = new CapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        logger.LogWarning("Sender {WaId}", 212612345678L);

        var entry = Assert.Single(sink.Entries);
        Assert.Equal("Sender [PHONE]", entry.Message);
        Assert.Contains(entry.State, p => p.Key == "WaId" && Equals(p.Value, "[PHONE]"));
    }

    [Fact]
    public void BeginScope_ServerMadeIdAndConversationPath_IdKeptPathRedacted()
    {
        var sink = new ScopeCapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestId"] = "0612345678:00000001", ["RequestPath"] = "/conversations/212612345678" }))
        {
        }

        var state = Assert.Single(sink.Scopes);
        Assert.Contains(state, p => p.Key == "RequestId" && Equals(p.Value, "0612345678:00000001"));
        Assert.Contains(state, p => p.Key == "RequestPath" && Equals(p.Value, "/conversations/[PHONE]"));
    }

    [Theory]
    [InlineData("/api/messages", "Path /api/messages id 0612345678")]
    [InlineData("/conversations/212612345678", "Path /conversations/[PHONE] id [PHONE]")]
    public void BeginScope_Text_RedactedOnlyWhenAValueHadPersonalData(string path, string expected)
    {
        var sink = new ScopeCapturingProvider();
        using var services = Services(sink);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("test");

        using (logger.BeginScope("Path {RequestPath} id {RequestId}", path, "0612345678"))
        {
        }

        Assert.Equal(expected, Assert.Single(sink.Texts));
    }

    private static ServiceProvider Services(ILoggerProvider sink) =>
        new ServiceCollection().AddLogging(logging => logging.AddProvider(sink).RedactPersonalData()).BuildServiceProvider();

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {User} wrote {Text}")]
    private static partial void LogUser(ILogger logger, string user, string text);

    private sealed record Entry(string Message, IReadOnlyList<KeyValuePair<string, object?>> State);

    private sealed class ScopeCapturingProvider : ILoggerProvider
    {
        public List<IReadOnlyList<KeyValuePair<string, object?>>> Scopes { get; } = [];

        public List<string> Texts { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(Scopes, Texts);

        public void Dispose()
        {
        }

        private sealed class Capturing(List<IReadOnlyList<KeyValuePair<string, object?>>> scopes, List<string> texts) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull
            {
                // Read at once, as a provider writing a line inside the scope would.
                scopes.Add(state is IReadOnlyList<KeyValuePair<string, object?>> values ? values.ToList() : []);
                texts.Add(state.ToString() ?? "");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
            }
        }
    }

    private sealed class CapturingProvider : ILoggerProvider
    {
        public List<Entry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Capturing(Entries);

        public void Dispose()
        {
        }

        private sealed class Capturing(List<Entry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (entries)
                {
                    entries.Add(new Entry(formatter(state, exception), state as IReadOnlyList<KeyValuePair<string, object?>> ?? []));
                }
            }
        }
    }
}
