using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using MarocAssistant.Channels;
using MarocAssistant.Channels.DirectLine;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Composition.Llm;
using MarocAssistant.Activities;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace MarocAssistant.Host.Health;

/// <summary>Settings of the start-up warm-up (section <c>WarmUp</c>).</summary>
public sealed class WarmUpOptions
{
    public const string SectionName = "WarmUp";

    /// <summary>Rounds of made-up conversations run through the turn path before <c>/readyz</c> says ready; 0: none.</summary>
    [Range(0, 100)]
    public int Rounds { get; set; } = 40;

    /// <summary>
    /// Pause after each round, in milliseconds, for the runtime to compile the hot methods again, optimised (tiered
    /// compilation waits for a quiet moment before it does).
    /// </summary>
    [Range(0, 5000)]
    public int PauseMilliseconds { get; set; } = 150;

    /// <summary>
    /// How long a <c>/readyz</c> call made during the warm-up waits for it to end before answering 503 (a probe
    /// with a shorter timeout simply fails and is tried again).
    /// </summary>
    [Range(0, 300)]
    public int ReadinessWaitSeconds { get; set; } = 10;
}

/// <summary>
/// Warms the turn path once the host has started: made-up conversations in every language go through the same
/// stages, activity mapping, JSON and Direct Line log code a citizen's turn takes, but through a pipeline of their own
/// (a throwaway state store, no transcripts, no feedback, no turn metrics, no LLM), so that nothing is kept; the stage
/// timings (<c>maroc.stage.duration</c>) do count its turns, and each writes its per-turn log line on channel
/// <c>warm-up</c>. Until it is done,
/// the <c>warm-up</c> readiness check holds <c>/readyz</c> at 503: a load balancer or an autoscaler sends the first
/// citizens to a host whose hot methods are already compiled, not to one still running them unoptimised.
/// </summary>
internal sealed partial class TurnWarmUp : BackgroundService
{
    private static readonly string[][] Conversations =
    [
        ["salam", "bghit njded lpasspor dyali", "chno khassni?", "bch7al?", "choukran"],
        ["السلام عليكم", "البطاقة الوطنية ديالي ضاعت شنو ندير", "فين نمشي؟"],
        ["Bonjour", "Comment obtenir un extrait de casier judiciaire ?", "combien ça coûte ?", "merci"],
        ["How do I register a car I bought?", "what documents do I need?", "agent please"],
        ["كيف أحصل على شهادة السكنى؟", "ما هي الوثائق المطلوبة؟"],
        ["chno hiya l3asima dial lfrance?", "bghit nkhdem f lkharij", "1"],
    ];

    private readonly IServiceProvider _services;
    private readonly WarmUpOptions _options;
    private readonly ILogger<TurnWarmUp> _logger;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TurnWarmUp(IServiceProvider services, IOptions<WarmUpOptions> options, ILogger<TurnWarmUp> logger)
    {
        _services = services;
        _options = options.Value;
        _logger = logger;
        if (_options.Rounds == 0)
        {
            _done.TrySetResult();
        }
    }

    /// <summary>The warm-up has run (or failed, or is off): the host may take traffic.</summary>
    public bool IsDone => _done.Task.IsCompleted;

    /// <summary>Completes when the warm-up has run (or failed, or is off).</summary>
    public Task Done => _done.Task;

    public WarmUpOptions Options => _options;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (IsDone)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var turns = 0;
        try
        {
            // Off the start-up thread: the host answers /healthz meanwhile.
            await Task.Yield();
            var bot = new ActivityBot(WarmUpPipeline(), _services.GetRequiredService<UnsupportedInput>());
            var directLine = new InMemoryDirectLineStore(_services.GetRequiredService<IOptions<DirectLineStoreOptions>>(), TimeProvider.System);
            var tokens = _services.GetRequiredService<DirectLineTokens>();
            for (var round = 0; round < _options.Rounds; round++)
            {
                foreach (var conversation in Conversations)
                {
                    turns += await ConverseAsync(bot, directLine, tokens, conversation, round, stoppingToken);
                }

                await Task.Delay(_options.PauseMilliseconds, stoppingToken);
            }

            LogWarmedUp(turns, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // A warm-up that fails must not keep the host out of service: the first turns are then just slower.
            LogWarmUpFailed(ex);
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    /// <summary>One made-up conversation, as Direct Line and <c>/api/messages</c> handle it; returns the turns taken.</summary>
    private static async Task<int> ConverseAsync(
        ActivityBot bot, InMemoryDirectLineStore directLine, DirectLineTokens tokens, string[] texts, int round, CancellationToken cancellationToken)
    {
        var conversationId = DirectLineTokens.NewConversationId();
        var token = tokens.Issue(conversationId, "warm-up");
        await tokens.ValidateAsync(token);
        await directLine.CreateAsync(conversationId, cancellationToken);
        var user = new ChannelAccount { Id = "warm-up", Role = "user" };
        var botAccount = new ChannelAccount { Id = "warm-up-bot", Role = "bot" };
        await directLine.AppendAsync(
            conversationId,
            [bot.Welcome(new Activity { Type = ActivityTypes.ConversationUpdate, ChannelId = "warm-up", From = user, Recipient = botAccount, Conversation = new ConversationAccount { Id = conversationId } })],
            cancellationToken);
        foreach (var text in texts)
        {
            // The body as a client sends it, read back as the endpoints read it.
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new Activity
                {
                    Type = ActivityTypes.Message,
                    ChannelId = round % 2 == 0 ? DirectLineEndpoints.ChannelId : DirectLineEndpoints.WebChatChannelId,
                    From = user,
                    Recipient = botAccount,
                    Conversation = new ConversationAccount { Id = conversationId },
                    Text = text,
                    Locale = "fr-MA",
                },
                ActivityJsonContext.Default.Activity);
            var activity = JsonSerializer.Deserialize(body, ActivityJsonContext.Default.Activity)!;
            await directLine.AppendAsync(conversationId, [activity], cancellationToken);
            var replies = await bot.RespondAsync(activity, "warm-up", cancellationToken);
            await directLine.AppendAsync(conversationId, replies, cancellationToken);
            JsonSerializer.SerializeToUtf8Bytes(new ExpectedReplies { Activities = replies }, ActivityJsonContext.Default.ExpectedReplies);
        }

        var page = await directLine.ReadAsync(conversationId, 0, 100, cancellationToken);
        DirectLineWire.ActivitySetJson(page!.Activities, page.Watermark);
        await directLine.DeleteAsync(conversationId, cancellationToken);
        return texts.Length;
    }

    /// <summary>The host's stages in a pipeline of their own: state thrown away, no observers, no turn metrics.</summary>
    private TurnPipeline WarmUpPipeline() => new(
        _services.GetRequiredService<ILanguageDetector>(),
        _services.GetRequiredService<ITurnUnderstanding>(),
        _services.GetRequiredService<ProcedureMentions>(),
        _services.GetRequiredService<NotCoveredTopics>(),
        _services.GetRequiredService<IProcedureSearch>(),

        // With an LLM configured, the warm-up words its answers with the templates: no made-up turn reaches the model.
        _services.GetRequiredService<IOptions<LlmOptions>>().Value.Enabled
            ? _services.GetRequiredService<TemplateAnswerComposer>()
            : _services.GetRequiredService<IAnswerComposer>(),
        _services.GetRequiredService<TemplateAnswerComposer>(),
        new InMemoryConversationStore(TimeProvider.System, TimeSpan.FromMinutes(5)),
        _services.GetRequiredService<ProcedureCorpus>(),
        _services.GetRequiredService<IOptions<AssistantOptions>>(),
        _services.GetRequiredService<IOptions<RetrievalOptions>>(),
        [],
        // The real logger: each made-up turn writes its "Turn on warm-up" line, so the log formatter and writer are
        // warm too (cold, they held a fresh host near 2,700 turns/s for its first 10 s; docs/benchmarks.md).
        _services.GetRequiredService<ILogger<TurnPipeline>>());

    [LoggerMessage(EventId = 96, Level = LogLevel.Information, Message = "Turn path warmed up: {Turns} made-up turns in {ElapsedMs:0} ms; ready for traffic")]
    private partial void LogWarmedUp(int turns, double elapsedMs);

    [LoggerMessage(EventId = 97, Level = LogLevel.Warning, Message = "The warm-up failed; the host takes traffic anyway (first turns slower)")]
    private partial void LogWarmUpFailed(Exception exception);
}

/// <summary>Ready once <see cref="TurnWarmUp"/> has run: a probe during the warm-up waits for it, a while, then gets 503.</summary>
internal sealed class WarmUpReadinessCheck(TurnWarmUp warmUp) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!warmUp.IsDone)
        {
            try
            {
                await warmUp.Done.WaitAsync(TimeSpan.FromSeconds(warmUp.Options.ReadinessWaitSeconds), cancellationToken);
            }
            catch (TimeoutException)
            {
                return HealthCheckResult.Unhealthy("Still warming up the turn path.");
            }
        }

        return HealthCheckResult.Healthy("Turn path warmed up.");
    }
}

/// <summary>Registers the warm-up and its readiness check.</summary>
internal static class WarmUpExtensions
{
    public static IServiceCollection AddTurnWarmUp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WarmUpOptions>()
            .Bind(configuration.GetSection(WarmUpOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<TurnWarmUp>();
        services.AddHostedService(sp => sp.GetRequiredService<TurnWarmUp>());
        services.AddHealthChecks().AddCheck<WarmUpReadinessCheck>("warm-up", tags: ["ready"]);
        return services;
    }
}
