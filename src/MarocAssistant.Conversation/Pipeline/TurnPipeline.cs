using System.Diagnostics;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>
/// One turn, channel-neutral: detect the language → understand → retrieve → decide → compose → save state.
/// Every message gets an answer: a stage that throws degrades to a polite fallback in the citizen's language.
/// </summary>
public sealed partial class TurnPipeline
{
    private readonly ILanguageDetector _detector;
    private readonly ITurnUnderstanding _understanding;
    private readonly IProcedureSearch _search;
    private readonly IAnswerComposer _composer;
    private readonly TemplateAnswerComposer _templates;
    private readonly IConversationStore _store;
    private readonly ProcedureCorpus _corpus;
    private readonly AssistantOptions _options;
    private readonly IReadOnlyList<ITurnObserver> _observers;
    private readonly ILogger<TurnPipeline> _logger;

    public TurnPipeline(
        ILanguageDetector detector,
        ITurnUnderstanding understanding,
        IProcedureSearch search,
        IAnswerComposer composer,
        TemplateAnswerComposer templates,
        IConversationStore store,
        ProcedureCorpus corpus,
        IOptions<AssistantOptions> options,
        IEnumerable<ITurnObserver> observers,
        ILogger<TurnPipeline> logger)
    {
        _detector = detector;
        _understanding = understanding;
        _search = search;
        _composer = composer;
        _templates = templates;
        _store = store;
        _corpus = corpus;
        _options = options.Value;
        _observers = observers.ToList();
        _logger = logger;
    }

    /// <summary>The welcome shown when a citizen joins: Darija, French and Arabic together, since we do not know yet.</summary>
    public Reply Welcome()
    {
        var text = string.Join(
            "\n\n",
            _templates.Templates.Get(RecordLanguage.AryLatn, "welcome"),
            _templates.Templates.Get(RecordLanguage.Ary, "welcome"),
            _templates.Templates.Get(RecordLanguage.Fr, "welcome"),
            _templates.Templates.Get(RecordLanguage.Ar, "welcome"));
        return new Reply(text, LanguageLabels.DarijaLatin, ReplyKind.SmallTalk, []);
    }

    public async Task<TurnResult> RunAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        var key = message.ChannelId + ":" + message.ConversationId;
        var detected = new LanguageResult(LanguageLabels.French, 0);
        var replyLanguage = LanguageLabels.French;
        try
        {
            var state = await _store.GetAsync(key, cancellationToken) ?? new ConversationState();
            var text = message.Text.Trim();
            detected = _detector.Detect(text);
            replyLanguage = ReplyLanguages.ForDetected(detected.Label) ?? state.ReplyLanguage ?? LanguageLabels.French;

            var result = text.Length > _options.MaxMessageChars
                ? Single(_templates.Message("too_long", replyLanguage, ReplyKind.SmallTalk), detected, null, "too-long")
                : await AnswerAsync(text, detected, replyLanguage, state, cancellationToken);

            var answered = result.Outcome is "answer" or "clarify";
            await _store.SetAsync(
                key,
                state with
                {
                    ReplyLanguage = replyLanguage,
                    FocusProcedureId = result.ProcedureId ?? state.FocusProcedureId,
                    FailureCount = result.Outcome == "out-of-scope" ? state.FailureCount + 1 : answered ? 0 : state.FailureCount,
                    PendingChoices = result.Choices ?? [],
                    TurnCount = state.TurnCount + 1,
                },
                cancellationToken);
            LogTurn(message.ChannelId, detected.Label, result.ProcedureId ?? "-", result.Outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await NotifyAsync(message, result, cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStageFailed(ex, message.ChannelId);
            var fallback = Single(_templates.Message("fallback", replyLanguage, ReplyKind.Fallback), detected, null, "fallback");
            await NotifyAsync(message, fallback, cancellationToken);
            return fallback;
        }
    }

    private async ValueTask NotifyAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnTurnAsync(message, result, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogObserverFailed(ex, observer.GetType().Name);
            }
        }
    }

    private async Task<TurnResult> AnswerAsync(
        string text, LanguageResult detected, string replyLanguage, ConversationState state, CancellationToken cancellationToken)
    {
        switch (_understanding.Understand(text))
        {
            case TurnIntent.Greeting:
                return Single(_templates.Message("greeting", replyLanguage, ReplyKind.SmallTalk), detected, null, "small-talk");
            case TurnIntent.Thanks:
                return Single(_templates.Message("thanks", replyLanguage, ReplyKind.SmallTalk), detected, null, "small-talk");
            case TurnIntent.Help:
                return Single(_templates.Message("help", replyLanguage, ReplyKind.SmallTalk), detected, null, "small-talk");
        }

        // A button pressed after "which one?" carries the chosen procedure's title.
        if (PickedChoice(text, state) is { } picked)
        {
            return Single(await _composer.ComposeAnswerAsync(picked, replyLanguage, cancellationToken), detected, picked.Id, "answer");
        }

        var found = await _search.SearchAsync(new SearchQuery(text, detected.Label), cancellationToken);
        var decision = Decision.From(found, _corpus, _options.AnswerThreshold, _options.ClarifyRatio);
        return decision.Kind switch
        {
            DecisionKind.Answer => Single(
                await _composer.ComposeAnswerAsync(decision.Records[0], replyLanguage, cancellationToken), detected, decision.Records[0].Id, "answer"),
            DecisionKind.Clarify => Single(_templates.Clarify(decision.Records, replyLanguage), detected, null, "clarify") with
            {
                Choices = decision.Records.Select(r => r.Id).ToList(),
            },
            _ => Single(_templates.Message("out_of_scope", replyLanguage, ReplyKind.OutOfScope), detected, null, "out-of-scope"),
        };
    }

    /// <summary>The offered procedure whose title or button label the citizen sent back, if any.</summary>
    private ProcedureRecord? PickedChoice(string text, ConversationState state)
    {
        foreach (var id in state.PendingChoices)
        {
            if (_corpus.Find(id) is not { } record)
            {
                continue;
            }

            foreach (var (language, block) in record.Blocks())
            {
                if (string.Equals(block.Title, text, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(record.Variant.Label.Get(language), text, StringComparison.OrdinalIgnoreCase))
                {
                    return record;
                }
            }
        }

        return null;
    }

    private static TurnResult Single(Reply reply, LanguageResult detected, string? procedureId, string outcome) =>
        new([reply], detected, procedureId, outcome);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Turn on {Channel}: language {Language}, procedure {Procedure}, outcome {Outcome}, {ElapsedMs:0.000} ms")]
    private partial void LogTurn(string channel, string language, string procedure, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A turn stage failed on {Channel}; the citizen got the fallback reply")]
    private partial void LogStageFailed(Exception exception, string channel);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Turn observer {Observer} failed; the turn was answered anyway")]
    private partial void LogObserverFailed(Exception exception, string observer);
}
