using System.Diagnostics;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Conversation.Dialog;
using MarocAssistant.Conversation.Observability;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.Pipeline;

/// <summary>
/// One turn, channel-neutral: load the state → detect the language → the dialog policy (<see cref="DialogPolicy"/>:
/// understand → retrieve → decide → compose) → save the state → metrics, tracing and observers (transcripts, feedback).
/// Every message gets an answer: a stage that throws degrades to a polite fallback in the citizen's language.
/// </summary>
public sealed partial class TurnPipeline
{
    private readonly ILanguageDetector _detector;
    private readonly TemplateAnswerComposer _templates;
    private readonly IConversationStore _store;
    private readonly DialogPolicy _dialog;
    private readonly AssistantOptions _options;
    private readonly IReadOnlyList<ITurnObserver> _observers;
    private readonly ILogger<TurnPipeline> _logger;
    private readonly TurnMetrics? _metrics;
    private readonly IHandoffDesk? _desk;

    public TurnPipeline(
        ILanguageDetector detector,
        ITurnUnderstanding understanding,
        ProcedureMentions mentions,
        NotCoveredTopics notCovered,
        IProcedureSearch search,
        IAnswerComposer composer,
        TemplateAnswerComposer templates,
        IConversationStore store,
        ProcedureCorpus corpus,
        IOptions<AssistantOptions> options,
        IOptions<RetrievalOptions> retrieval,
        IEnumerable<ITurnObserver> observers,
        ILogger<TurnPipeline> logger,
        TurnMetrics? metrics = null,
        MessageKinds? kinds = null,
        IHandoffDesk? desk = null,
        ProcedureVocabulary? vocabulary = null,
        ProcedureFamilies? families = null)
    {
        _desk = desk;
        _detector = detector;
        _templates = templates;
        _store = store;
        _dialog = new DialogPolicy(understanding, mentions, notCovered, search, composer, templates, corpus, retrieval.Value, kinds, vocabulary, families ?? ProcedureFamilies.Empty);
        _options = options.Value;
        _observers = observers.ToList();
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The state key of a conversation: its channel and its id.</summary>
    public static string StateKey(string channelId, string conversationId) => channelId + ":" + conversationId;

    public async Task<TurnResult> RunAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        using var turnScope = TurnLog.BeginTurn(_logger);   // every log line of this turn carries its TurnId
        using var activity = TurnTracing.StartTurn();       // null unless someone traces
        var key = StateKey(message.ChannelId, message.ConversationId);
        var detected = new LanguageResult(LanguageLabels.French, 0);
        var replyLanguage = LanguageLabels.French;
        try
        {
            if (_desk is not null && await _desk.HeldAsync(message, cancellationToken) is { } held)
            {
                await NotifyAsync(message, held, cancellationToken);   // an agent holds it: the message is theirs
                return held;
            }

            TurnResult result;
            if (message.Kind is not IncomingKind.Text)
            {
                // A conversation start or what has no text (voice, image...): a fixed reply in every language, since
                // nothing written tells the language yet; the conversation's state is neither read nor changed.
                result = _dialog.WithoutText(message.Kind);
                detected = result.Detected;
            }
            else
            {
                var state = await _store.GetAsync(key, cancellationToken) ?? new ConversationState();
                var text = MessageText.Clean(message.Text).Trim();   // guard: no ill-formed text reaches a stage
                detected = _detector.Detect(text);
                replyLanguage = ChooseReplyLanguage(text, detected, state);

                Turn turn;
                if (text.Length > _options.MaxMessageChars)
                {
                    turn = new Turn(Single(_templates.Message("too_long", replyLanguage, ReplyKind.SmallTalk), detected, null, "too-long"), state);
                }
                else
                {
                    turn = await _dialog.UnderstandAndAnswerAsync(message, text, detected, replyLanguage, state, cancellationToken);
                }

                result = _desk is null ? turn.Result : await _desk.AfterTurnAsync(message, turn.Result, cancellationToken);
                await _store.SetAsync(key, turn.State with { TurnCount = turn.State.TurnCount + 1 }, cancellationToken);
            }

            LogTurn(message.ChannelId, detected.Label, result.ProcedureId ?? "-", result.Outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _metrics?.RecordTurn(message.ChannelId, detected.Label, result.Outcome, Stopwatch.GetElapsedTime(started));
            TurnTracing.EndTurn(activity, message.ChannelId, detected.Label, result.Outcome, result.ProcedureId);
            await NotifyAsync(message, result, cancellationToken);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogStageFailed(ex, message.ChannelId);
            _metrics?.RecordTurn(message.ChannelId, detected.Label, "fallback", Stopwatch.GetElapsedTime(started));
            TurnTracing.EndTurn(activity, message.ChannelId, detected.Label, "fallback", null, ex);
            var fallback = Single(_templates.Message("fallback", replyLanguage, ReplyKind.Fallback), detected, null, "fallback");
            await NotifyAsync(message, fallback, cancellationToken);
            return fallback;
        }
    }

    /// <summary>
    /// The citizen's language, sticky across turns: a one- or two-word message ("ok", "merci", "شكرا") or an unclear
    /// one does not switch it, since such words are shared by Darija, Arabic and French; a confident sentence does.
    /// </summary>
    private string ChooseReplyLanguage(string text, LanguageResult detected, ConversationState state)
    {
        var candidate = ReplyLanguages.ForDetected(detected.Label);
        if (state.ReplyLanguage is null)
        {
            return candidate ?? LanguageLabels.French;
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        return candidate is not null && words > 2 && detected.Confidence >= _options.LanguageSwitchConfidence ? candidate : state.ReplyLanguage;
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

    private static TurnResult Single(Reply reply, LanguageResult detected, string? procedureId, string outcome) =>
        new([reply], detected, procedureId, outcome);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Turn on {Channel}: language {Language}, procedure {Procedure}, outcome {Outcome}, {ElapsedMs:0.000} ms")]
    private partial void LogTurn(string channel, string language, string procedure, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A turn stage failed on {Channel}; the citizen got the fallback reply")]
    private partial void LogStageFailed(Exception exception, string channel);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Turn observer {Observer} failed; the turn was answered anyway")]
    private partial void LogObserverFailed(Exception exception, string observer);
}
