using System.Net;
using System.Text.Json;
using MarocAssistant.Host.Tests.BotFramework;
using MarocAssistant.Host.Tests.Robustness;
using Microsoft.Extensions.Logging;

namespace MarocAssistant.Host.Tests.Observability;

public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_AfterTurns_ExposesTurnsLatencyPerStageLanguageAndOutcome()
    {
        await using var host = AssistantHost.Start();
        using var client = host.CreateClient();
        using (await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("bghit ndir lakart awel mra")), Ct))
        {
        }

        using (await client.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("Bonjour")), Ct))
        {
        }

        using var response = await client.GetAsync("/metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE maroc_turns_total counter", text, StringComparison.Ordinal);
        Assert.Matches("maroc_turns_total\\{channel=\"emulator\",language=\"[a-z-A-Z]+\",outcome=\"answer\"\\} 1\n", text);
        Assert.Contains("outcome=\"small-talk\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE maroc_turn_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Matches("maroc_turn_duration_seconds_count\\{channel=\"emulator\",outcome=\"answer\"\\} 1\n", text);
        foreach (var stage in new[] { "language", "understand", "retrieve", "compose", "state" })
        {
            Assert.Contains($"maroc_stage_duration_seconds_bucket{{stage=\"{stage}\",le=\"+Inf\"}}", text, StringComparison.Ordinal);
        }

        Assert.Contains("# TYPE process_memory_resident_bytes gauge", text, StringComparison.Ordinal);
        Assert.Matches("\nprocess_memory_resident_bytes(\\{\\})? [0-9]+\n", text);
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_TwoHostsInOneProcess_CountOnlyTheirOwnTurns()
    {
        await using var busy = AssistantHost.Start();
        await using var idle = AssistantHost.Start();
        using var busyClient = busy.CreateClient();
        using var idleClient = idle.CreateClient();
        using (await busyClient.PostAsync("/api/messages", ActivityBuilder.Json(ActivityBuilder.Message("salam")), Ct))
        {
        }

        var idleText = await idleClient.GetStringAsync("/metrics", Ct);

        Assert.DoesNotContain("maroc_turns_total{", idleText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_Turn_CarryTurnIdScopeAndNoPersonalData()
    {
        await using var host = AssistantHost.Start();
        using var client = host.CreateClient();
        var activity = ActivityBuilder.Message("ana CIN dyali AB123456 w tel 0612345678, bghit passport");

        using var response = await client.PostAsync("/api/messages", ActivityBuilder.Json(activity), Ct);

        // The start-up warm-up logs its made-up turns too, on channel "warm-up".
        var turn = Assert.Single(
            host.Logs.Lines,
            l => l.Category.EndsWith("TurnPipeline", StringComparison.Ordinal) && l.EventId == 1 && !l.Message.StartsWith("Turn on warm-up", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, turn.Level);
        Assert.All(host.Logs.Lines, l =>
        {
            Assert.DoesNotContain("AB123456", l.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("0612345678", l.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void JsonConsole_TurnScope_WritesTurnIdAsStructuredScope()
    {
        var lines = new List<string>();
        using (var factory = LoggerFactory.Create(b => b.AddProvider(new JsonLinesProvider(lines))))
        {
            var logger = factory.CreateLogger("test");
            using (MarocAssistant.Conversation.Observability.TurnLog.BeginTurn(logger))
            {
                logger.LogInformation("inside");
            }
        }

        var line = JsonDocument.Parse(Assert.Single(lines)).RootElement;
        Assert.Matches("^[a-p]{16}$", line.GetProperty("TurnId").GetString());
    }

    /// <summary>Writes each line's scopes as JSON properties, as the JSON console formatter does with IncludeScopes.</summary>
    private sealed class JsonLinesProvider(List<string> lines) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(JsonLinesProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = new Dictionary<string, object?> { ["Message"] = formatter(state, exception) };
                owner._scopes.ForEachScope(
                    (scope, v) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                v[key] = value?.ToString();
                            }
                        }
                    },
                    values);
                owner.Lines_Add(JsonSerializer.Serialize(values));
            }
        }

        private void Lines_Add(string line) => lines.Add(line);
    }
}
