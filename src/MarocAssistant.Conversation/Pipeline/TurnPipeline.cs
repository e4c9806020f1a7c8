using System.Diagnostics;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.AgentDesk;
using MarocAssistant.Conversation.Observability;
using MarocAssistant.Conversation.Privacy;
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
/// One turn, channel-neutral: detect the language → understand → retrieve → decide → compose → save state → observers.
/// Every message gets an answer: a stage that throws degrades to a polite fallback in the citizen's language.
/// </summary>
public sealed partial class TurnPipeline
{
    /// <summary>A follow-up this short ("bch7al?", "fin ndir had lwra9?") is read against the procedure in focus.</summary>
    private const int FollowUpMaxWords = 8;

    /// <summary>Consecutive turns without an answer before the assistant hands off to a person.</summary>
    private const int FailuresBeforeHandoff = 2;

    /// <summary>How sure the message-kind model must be to read a message as a control move the cues missed.</summary>
    private const float ControlConfidence = 0.9f;

    /// <summary>How sure it must be that a message no procedure answers is off-topic (rather than "I don't have this one").</summary>
    private const float OffTopicConfidence = 0.6f;

    private readonly ILanguageDetector _detector;
    private readonly ITurnUnderstanding _understanding;
    private readonly IProcedureSearch _search;
    private readonly IAnswerComposer _composer;
    private readonly TemplateAnswerComposer _templates;
    private readonly IConversationStore _store;
    private readonly ProcedureCorpus _corpus;
    private readonly AbroadVariants _abroad;
    private readonly AssistantOptions _options;
    private readonly RetrievalOptions _retrieval;
    private readonly IReadOnlyList<ITurnObserver> _observers;
    private readonly ILogger<TurnPipeline> _logger;
    private readonly TurnMetrics? _metrics;
    private readonly ProcedureMentions _mentions;
    private readonly NotCoveredTopics _notCovered;
    private readonly MessageKinds? _kinds;
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
        IHandoffDesk? desk = null)
    {
        _desk = desk;
        _detector = detector;
        _understanding = understanding;
        _mentions = mentions;
        _notCovered = notCovered;
        _search = search;
        _composer = composer;
        _templates = templates;
        _store = store;
        _corpus = corpus;
        _abroad = new AbroadVariants(corpus);
        _options = options.Value;
        _retrieval = retrieval.Value;
        _observers = observers.ToList();
        _logger = logger;
        _metrics = metrics;
        _kinds = kinds;
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
                turn = await UnderstandAndAnswerAsync(message, text, detected, replyLanguage, state, cancellationToken);
            }

            var result = _desk is null ? turn.Result : await _desk.AfterTurnAsync(message, turn.Result, cancellationToken);
            await _store.SetAsync(key, turn.State with { TurnCount = turn.State.TurnCount + 1 }, cancellationToken);
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

    private async Task<Turn> UnderstandAndAnswerAsync(
        IncomingMessage message, string text, LanguageResult detected, string replyLanguage, ConversationState state, CancellationToken cancellationToken)
    {
        var understood = _understanding.Understand(text);
        var focus = state.FocusProcedureId is { } focusId ? _corpus.Find(focusId) : null;

        // Tamazight: a polite choice of the languages the assistant writes, unless this message is that choice.
        if (!LanguageLabels.IsAnswerLanguage(detected.Label) && detected.Label is LanguageLabels.TamazightTifinagh or LanguageLabels.TamazightLatin
            && understood.Intent != TurnIntent.ChooseLanguage)
        {
            return new Turn(Single(LanguageChoice(), detected, null, "language-choice"), state);
        }

        // Pressing for what was just refused ("it's urgent", "just this once") is refused again, unless it names a procedure.
        var refusedBefore = state.Refused;
        state = state with { Refused = false };
        if (refusedBefore && understood.Intent == TurnIntent.Question && understood.Insists && _mentions.Named(text).Count == 0)
        {
            return Refusal(detected, replyLanguage, state);
        }

        if (understood.Intent == TurnIntent.Question && understood.AsksForPerson && _mentions.Named(text).Count == 0)
        {
            return Handoff(message, detected, replyLanguage, state, focus, "demande du citoyen");
        }

        // 1. Control intents: they never look anything up and never move the focus.
        switch (understood.Intent)
        {
            case TurnIntent.Refuse:
                return Refusal(detected, replyLanguage, state);
            case TurnIntent.Handoff:
                return Handoff(message, detected, replyLanguage, state, focus, "demande du citoyen");
            case TurnIntent.Restart:
                return new Turn(
                    Single(_templates.Message("restart", replyLanguage, ReplyKind.SmallTalk), detected, null, "restart"),
                    new ConversationState { ReplyLanguage = replyLanguage, TurnCount = state.TurnCount });
            case TurnIntent.ChooseLanguage:
                var chosen = understood.Language ?? replyLanguage;
                return new Turn(Single(_templates.Message("greeting", chosen, ReplyKind.SmallTalk), detected, null, "small-talk"), state with { ReplyLanguage = chosen });
            case TurnIntent.Greeting:
                return SmallTalk("greeting", detected, replyLanguage, state);
            case TurnIntent.Thanks:
                return SmallTalk("thanks", detected, replyLanguage, state);
            case TurnIntent.Acknowledge:
                return SmallTalk("ack", detected, replyLanguage, state);
            case TurnIntent.Help:
                return SmallTalk("help", detected, replyLanguage, state);
            case TurnIntent.FeedbackPositive:
                return new Turn(Single(_templates.Message("feedback_thanks", replyLanguage, ReplyKind.SmallTalk), detected, focus?.Id, "feedback-positive"), state with { ReplyLanguage = replyLanguage });
            case TurnIntent.FeedbackNegative:
                var agent = _templates.Templates.Get(ReplyLanguages.ToRecordLanguage(replyLanguage), "btn_agent");
                return new Turn(
                    Single(_templates.Message("feedback_sorry", replyLanguage, ReplyKind.SmallTalk, [new SuggestedAction(agent, agent)]), detected, focus?.Id, "feedback-negative"),
                    state with { ReplyLanguage = replyLanguage });
        }

        // A detail button under an answer ("Documents", "Sources"...): that part of the procedure in focus, and only it.
        if (focus is not null && state.PendingChoices.Count == 0 && _templates.DetailPart(text) is { } detail)
        {
            return detail == AnswerPart.Steps ? NextStep(focus, detected, replyLanguage, state) : Detail(focus, detail, detected, replyLanguage, state);
        }

        // The learned message kinds catch what the cue lists miss ("wach kayn chi bnadem nhder m3ah?"), only for a message
        // that names no procedure and is not a follow-up: "kayn chi site?" after an answer asks about that procedure.
        var kinds = _kinds?.Score(text) ?? MessageKindScores.None;
        if (focus is null && state.PendingChoices.Count == 0 && LearnedControl(kinds, text, understood.Facet != Facet.None) is { } control)
        {
            switch (control)
            {
                case TurnIntent.Refuse:
                    return Refusal(detected, replyLanguage, state);
                case TurnIntent.Handoff:
                    return Handoff(message, detected, replyLanguage, state, focus, "demande du citoyen");
                case TurnIntent.Restart:
                    return new Turn(
                        Single(_templates.Message("restart", replyLanguage, ReplyKind.SmallTalk), detected, null, "restart"),
                        new ConversationState { ReplyLanguage = replyLanguage, TurnCount = state.TurnCount });
                default:
                    return SmallTalk("help", detected, replyLanguage, state);
            }
        }

        state = state with { Situation = state.Situation.With(understood.Situation) };

        // 2. The answer to a pending "which one?": a pressed button, or words that pick one of the candidates.
        if (PickedChoice(text, state) is { } picked)
        {
            return await AnswerAsync(picked, state.PendingFacet, detected, replyLanguage, state, cancellationToken);
        }

        // "Do I need the residence certificate?" during a CNIE renewal asks about a document of the focus; "how much
        // is the card, first time?" during a passport answer asks about the card itself.
        var named = _mentions.Named(text);
        var asksAboutFocusDocuments = understood.Facet is Facet.Documents or Facet.None
            && (understood.Situation.VariantKind is null || !named.Any(id => _corpus.Find(id) is { } r && Decision.IsLifeCycleVariant(r, _corpus)));
        if (asksAboutFocusDocuments && focus is not null && !understood.MovesOn)
        {
            named = _mentions.Named(text, focus.Id);
        }

        if (_notCovered.Match(text) is { } topic && _mentions.Named(topic.Remainder).Count == 0)
        {
            return NotCovered(detected, replyLanguage, state, topic.Id);
        }

        var facet = understood.Facet == Facet.NextStep ? Facet.None : understood.Facet;
        var isShort = understood.WordCount <= FollowUpMaxWords;
        if (state.PendingChoices.Count > 0)
        {
            var candidates = state.PendingChoices.Select(_corpus.Find).OfType<ProcedureRecord>().ToList();
            if (await ChooseAmongAsync(candidates, text, understood, named, detected, cancellationToken) is { } choice)
            {
                return await AnswerAsync(choice, facet != Facet.None ? facet : state.PendingFacet, detected, replyLanguage, state, cancellationToken);
            }

            // "ch7al?" while the choice is pending: ask again, and answer that part once chosen.
            if ((named.Count == 0 || candidates.Any(c => named.Contains(c.Id))) && (facet != Facet.None || isShort))
            {
                return Clarify(candidates, detected, replyLanguage, state, facet != Facet.None ? facet : state.PendingFacet);
            }
        }

        // "Do I need my ID card?" during a signature legalisation asks what the legalisation requires, not for the card.
        if (focus is not null && understood.AsksRequirement && !understood.MovesOn && named.Count > 0 && !named.Contains(focus.Id)
            && !named.Any(id => _corpus.Find(id) is { } r && !string.IsNullOrEmpty(r.Variant.Group) && r.Variant.Group == focus.Variant.Group))
        {
            return await AnswerAsync(focus, facet == Facet.Fees ? Facet.Fees : Facet.Documents, detected, replyLanguage, state, cancellationToken);
        }

        // 3. A follow-up on the procedure in focus: a message that names no other procedure stays with it.
        if (focus is not null && (named.Count == 0 || named.Contains(focus.Id)))
        {
            // Only the unmistakable variants move within a document: "new" or "the first thing" say little.
            if (understood.Situation.ImpliedKind is "lost" or "minor" or "international" && Sibling(focus, understood.Situation.ImpliedKind) is { } sibling && sibling.Id != focus.Id)
            {
                return await AnswerAsync(sibling, facet, detected, replyLanguage, state, cancellationToken);
            }

            if (understood.Facet == Facet.NextStep)
            {
                return NextStep(focus, detected, replyLanguage, state);
            }

            // "And how do I get the negative certificate for the company's name?" during a company creation names the
            // focus and another procedure: the other one wins when the search is sure of it.
            if (named.Count > 1 && understood.WordCount > 3 && await OtherNamedAsync(text, named, focus, detected, cancellationToken) is { } other)
            {
                return await AnswerAsync(other, facet, detected, replyLanguage, state, cancellationToken);
            }

            if (facet != Facet.None || isShort || named.Contains(focus.Id))
            {
                return await AnswerAsync(focus, facet, detected, replyLanguage, state, cancellationToken);
            }
        }

        if (understood.Facet == Facet.NextStep && focus is null && understood.WordCount <= 3)
        {
            return NoFocus(detected, replyLanguage, state);
        }

        // 4. A new question.
        var found = await _search.SearchAsync(new SearchQuery(WithoutPersonalData(text), detected.Label), cancellationToken);
        var kindNamed = understood.Situation.ImpliedKind ?? (state.Situation.Age is < 18 ? "minor" : null);
        if (understood.Situation.Age is not null)
        {
            named = OfTheNamedKind(named, kindNamed);
        }

        var decision = _abroad.Fit(
            Decision.From(found, _corpus, _retrieval).Named(named, _corpus).ForVariant(kindNamed, _corpus), state.Situation.Abroad, kindNamed);

        // A longer message about the focus that the search does not place elsewhere is still a follow-up.
        if (focus is not null && named.Count == 0 && (decision.Kind != DecisionKind.Answer || decision.Records[0].Id == focus.Id))
        {
            return await AnswerAsync(focus, facet, detected, replyLanguage, state, cancellationToken);
        }

        switch (decision.Kind)
        {
            case DecisionKind.Answer:
                // A first question gets the whole answer: it carries every part. The part asked for is kept only
                // while a "which one?" is pending, and answered once chosen.
                return await AnswerAsync(decision.Records[0], Facet.None, detected, replyLanguage, state, cancellationToken);
            case DecisionKind.Clarify:
                return Clarify(decision.Records, detected, replyLanguage, state, isShort ? facet : Facet.None);
            default:
                if (_notCovered.LooksAdministrative(text))
                {
                    return NotCovered(detected, replyLanguage, state, null);
                }

                // "bch7al iphone 15?" asks a price, but not of a procedure; a bare "bch7al?" is a follow-up without a focus.
                if (kinds.OutOfScope >= OffTopicConfidence && understood.WordCount >= 3)
                {
                    return Failed(message, Single(_templates.Message("out_of_scope", replyLanguage, ReplyKind.OutOfScope), detected, null, "out-of-scope"), replyLanguage, state, focus);
                }

                if (facet != Facet.None && focus is null && isShort)
                {
                    return NoFocus(detected, replyLanguage, state);
                }


                return Failed(message, Single(_templates.Message("out_of_scope", replyLanguage, ReplyKind.OutOfScope), detected, null, "out-of-scope"), replyLanguage, state, focus);
        }
    }

    /// <summary>The procedure other than the focus that the message names and the search answers with confidence, if any.</summary>
    private async Task<ProcedureRecord?> OtherNamedAsync(
        string text, IReadOnlySet<string> named, ProcedureRecord focus, LanguageResult detected, CancellationToken cancellationToken)
    {
        var found = await _search.SearchAsync(new SearchQuery(WithoutPersonalData(text), detected.Label), cancellationToken);
        return found.Decide(_retrieval) == RetrievalDecision.Answer && found.Top!.ProcedureId != focus.Id && named.Contains(found.Top.ProcedureId)
            ? _corpus.Find(found.Top.ProcedureId)
            : null;
    }

    /// <summary>
    /// A control move the cues missed and the message-kind model is sure of, for a message that names no procedure.
    /// Small talk only when nothing is pending: "ok" to a "which one?" is handled by the cues.
    /// </summary>
    private TurnIntent? LearnedControl(MessageKindScores kinds, string text, bool asksSomething)
    {
        if (Math.Max(Math.Max(kinds.Refuse, kinds.Handoff), Math.Max(kinds.Restart, kinds.SmallTalk)) < ControlConfidence
            || _mentions.Named(text).Count > 0)
        {
            return null;
        }

        return kinds.Refuse >= ControlConfidence ? TurnIntent.Refuse
            : kinds.Handoff >= ControlConfidence ? TurnIntent.Handoff
            : kinds.Restart >= ControlConfidence ? TurnIntent.Restart
            : asksSomething ? null
            : TurnIntent.Greeting;
    }

    /// <summary>
    /// Which of the offered procedures the citizen's words pick: the variant they name or imply (a child's age), the
    /// one they name, or the one the search puts first among them.
    /// </summary>
    private async Task<ProcedureRecord?> ChooseAmongAsync(
        List<ProcedureRecord> candidates, string text, TurnUnderstanding understood, IReadOnlySet<string> named, LanguageResult detected, CancellationToken cancellationToken)
    {
        if (understood.Situation.ImpliedKind is { } kind && candidates.Where(c => c.Variant.Kind == kind).ToList() is [var byKind])
        {
            return byKind;
        }

        if (candidates.Where(c => named.Contains(c.Id)).ToList() is [var byName])
        {
            return byName;
        }

        // "ch7al?" or "chno khassni?" says nothing of which one; "I'm not working and can't pay the contribution" does.
        if (understood.WordCount < 2 || understood.Facet != Facet.None && understood.WordCount <= 3)
        {
            return null;
        }

        var found = await _search.SearchAsync(new SearchQuery(WithoutPersonalData(text), detected.Label), cancellationToken);
        return found.Decide(_retrieval) == RetrievalDecision.Answer && candidates.Find(c => c.Id == found.Top!.ProcedureId) is { } top ? top : null;
    }

    /// <summary>
    /// "My son is 14 and the school asks for his card": when an age given in the message selects a variant of one named
    /// document, the other names in the message (the school) are context, not a second request. A word for a child
    /// alone is not enough ("la carte handicap l weldi" is the disability card).
    /// </summary>
    private IReadOnlySet<string> OfTheNamedKind(IReadOnlySet<string> named, string? kind)
    {
        if (kind is null || named.Count < 2)
        {
            return named;
        }

        var groups = named.Select(_corpus.Find).OfType<ProcedureRecord>()
            .Where(r => r.Variant.Kind == kind && Decision.IsLifeCycleVariant(r, _corpus)).Select(r => r.Variant.Group).Distinct().ToList();
        return groups is [var group] ? named.Where(id => _corpus.Find(id)?.Variant.Group == group).ToHashSet(StringComparer.Ordinal) : named;
    }

    /// <summary>The record of the same document group with that variant kind ("lost" while the renewal is in focus).</summary>
    private ProcedureRecord? Sibling(ProcedureRecord record, string kind) =>
        string.IsNullOrEmpty(record.Variant.Group) ? null : _corpus.Records.FirstOrDefault(r => r.Variant.Group == record.Variant.Group && r.Variant.Kind == kind);

    private Turn Clarify(IReadOnlyList<ProcedureRecord> candidates, LanguageResult detected, string replyLanguage, ConversationState state, Facet facet)
    {
        var clarify = Single(_templates.Clarify(candidates, replyLanguage), detected, null, "clarify") with
        {
            Choices = candidates.Select(r => r.Id).ToList(),
        };
        return new Turn(clarify, state with { ReplyLanguage = replyLanguage, PendingChoices = clarify.Choices!, PendingFacet = facet, FailureCount = 0 });
    }

    private Turn Refusal(LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message("refusal", replyLanguage, ReplyKind.Refusal), detected, null, "refusal"), state with { ReplyLanguage = replyLanguage, Refused = true });

    /// <summary>"I don't have this procedure yet": the national portals and a person, never another procedure's facts.</summary>
    private Turn NotCovered(LanguageResult detected, string replyLanguage, ConversationState state, string? topic)
    {
        var agent = _templates.Templates.Get(ReplyLanguages.ToRecordLanguage(replyLanguage), "btn_agent");
        var reply = _templates.Message("not_covered", replyLanguage, ReplyKind.OutOfScope, [new SuggestedAction(agent, agent)]);
        var result = Single(reply, detected, null, "not-covered") with { Events = topic is null ? null : [new TurnEvent("not-covered", topic)] };
        return new Turn(result, state with { ReplyLanguage = replyLanguage, PendingChoices = [], PendingFacet = Facet.None });
    }

    private async Task<Turn> AnswerAsync(
        ProcedureRecord record, Facet facet, LanguageResult detected, string replyLanguage, ConversationState state, CancellationToken cancellationToken)
    {
        if (state.Situation.Abroad)
        {
            record = _abroad.ForAbroad(record);
        }

        var reply = facet switch
        {
            Facet.None => await _composer.ComposeAnswerAsync(record, replyLanguage, cancellationToken),
            Facet.Steps => _templates.ComposePart(record, replyLanguage, AnswerPart.Steps),
            Facet.Fees => _templates.ComposePart(record, replyLanguage, AnswerPart.Fees),
            Facet.Documents => _templates.ComposePart(record, replyLanguage, AnswerPart.Documents),
            Facet.Where => _templates.ComposePart(record, replyLanguage, AnswerPart.Where),
            Facet.Delay => _templates.ComposePart(record, replyLanguage, AnswerPart.Delay),
            Facet.Online => _templates.ComposePart(record, replyLanguage, AnswerPart.Online),
            Facet.Validity => _templates.ComposePart(record, replyLanguage, AnswerPart.Validity),
            _ => await _composer.ComposeAnswerAsync(record, replyLanguage, cancellationToken),
        };
        if (state.Situation.Abroad && facet is Facet.None or Facet.Where && !AbroadVariants.IsAbroad(record) && DoneAtConsulates(record))
        {
            reply = reply with { Text = reply.Text.TrimEnd() + "\n\n" + _templates.Templates.Get(ReplyLanguages.ToRecordLanguage(replyLanguage), "abroad_note") };
        }

        var switched = state.FocusProcedureId != record.Id;
        return new Turn(
            Single(reply, detected, record.Id, "answer"),
            state with
            {
                FocusProcedureId = record.Id,
                ReplyLanguage = replyLanguage,
                StepPosition = switched ? -1 : state.StepPosition,
                FailureCount = 0,
                PendingChoices = [],
                PendingFacet = Facet.None,
                LastFacet = facet,
            });
    }

    /// <summary>Whether the record says the procedure is also done at consulates (so a citizen abroad goes there).</summary>
    private static bool DoneAtConsulates(ProcedureRecord record) =>
        record.Administration.Get(RecordLanguage.Fr).Contains("consulat", StringComparison.OrdinalIgnoreCase)
        || record.WhereToApply?.Text.Get(RecordLanguage.Fr).Contains("consulat", StringComparison.OrdinalIgnoreCase) == true
        || record.Block(RecordLanguage.Fr).Steps.Any(s => s.Contains("consulat", StringComparison.OrdinalIgnoreCase));

    private Turn NextStep(ProcedureRecord focus, LanguageResult detected, string replyLanguage, ConversationState state)
    {
        var next = state.StepPosition + 1;
        var reply = _templates.ComposeStep(focus, replyLanguage, next);
        if (reply is null)
        {
            // Past the last step (or no steps at all): the whole answer again, and guidance restarts.
            reply = _templates.ComposeAnswer(focus, replyLanguage);
            next = -1;
        }

        return new Turn(Single(reply, detected, focus.Id, "answer"), state with { ReplyLanguage = replyLanguage, StepPosition = next, FailureCount = 0 });
    }

    private Turn Detail(ProcedureRecord focus, AnswerPart part, LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.ComposePart(focus, replyLanguage, part), detected, focus.Id, "answer"), state with { ReplyLanguage = replyLanguage, FailureCount = 0 });

    private Turn NoFocus(LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message("no_focus", replyLanguage, ReplyKind.Clarify), detected, null, "no-focus"), state with { ReplyLanguage = replyLanguage });

    private Turn SmallTalk(string key, LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message(key, replyLanguage, ReplyKind.SmallTalk), detected, null, "small-talk"), state with { ReplyLanguage = replyLanguage });

    /// <summary>A turn without an answer; the second in a row also hands off to a person.</summary>
    private Turn Failed(IncomingMessage message, TurnResult result, string replyLanguage, ConversationState state, ProcedureRecord? focus)
    {
        var failures = state.FailureCount + 1;
        if (failures < FailuresBeforeHandoff)
        {
            return new Turn(result, state with { ReplyLanguage = replyLanguage, FailureCount = failures, PendingChoices = [] });
        }

        var handoff = Handoff(message, result.Detected, replyLanguage, state with { FailureCount = failures }, focus, "deux questions sans réponse");
        return handoff with { Result = handoff.Result with { Replies = [.. result.Replies, .. handoff.Result.Replies], Outcome = "handoff" } };
    }

    /// <summary>
    /// Hands the conversation to a person: a <c>handoff</c> event with a short French summary for the agent (no personal
    /// data) and a reply with the administration's contact from the record in focus.
    /// </summary>
    private Turn Handoff(IncomingMessage message, LanguageResult detected, string replyLanguage, ConversationState state, ProcedureRecord? focus, string reason)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        var contact = focus is null ? null : ContactLine(focus, language);
        var text = contact is null
            ? _templates.Templates.Get(language, "handoff_general")
            : _templates.Templates.Format(language, "handoff", ("contact", contact));
        var summary =
            $"Transfert vers un agent ({reason}). Canal : {message.ChannelId}. Langue du citoyen : {replyLanguage}. " +
            $"Démarche en cours : {(focus is null ? "aucune" : $"{focus.Block(RecordLanguage.Fr).Title} ({focus.Id})")}. " +
            $"Échanges : {state.TurnCount + 1}. Questions sans réponse d'affilée : {state.FailureCount}.";
        var result = new TurnResult(
            [new Reply(text, replyLanguage, ReplyKind.Handoff, [], focus is null ? null : TemplateAnswerComposer.Cite(focus), focus?.Id)],
            detected,
            focus?.Id,
            "handoff",
            Events: [new TurnEvent("handoff", summary)]);
        return new Turn(result, state with { ReplyLanguage = replyLanguage, FailureCount = 0, PendingChoices = [] });
    }

    /// <summary>The administration and how to reach it, from the record only; null when the record gives no way to reach it.</summary>
    internal static string? ContactLine(ProcedureRecord record, RecordLanguage language)
    {
        var parts = new List<string> { record.Administration.Get(language) };
        if (record.Contact is { } contact)
        {
            parts.AddRange(new[] { contact.Text?.Get(language), contact.Phone, contact.Email, contact.Url }.OfType<string>().Where(p => p.Length > 0));
        }

        if (record.OnlineService is { } online && !parts.Contains(online.Url))
        {
            parts.Add(online.Url);
        }

        return parts.Count > 1 ? string.Join(" — ", parts) : null;
    }

    private Reply LanguageChoice()
    {
        var templates = _templates.Templates;
        var text = "ⴰⵣⵓⵍ!\n" + string.Join(
            "\n",
            templates.Get(RecordLanguage.AryLatn, "language_choice"),
            templates.Get(RecordLanguage.Fr, "language_choice"),
            templates.Get(RecordLanguage.Ar, "language_choice"));
        return new Reply(text, LanguageLabels.DarijaLatin, ReplyKind.SmallTalk, [new("Darija", "Darija"), new("الدارجة", "الدارجة"), new("Français", "Français"), new("العربية", "العربية")]);
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

    /// <summary>
    /// The question as searched: ID, phone and bank numbers that citizens paste in say nothing about the procedure and
    /// only add noise (and they never leave the pipeline this way).
    /// </summary>
    private static string WithoutPersonalData(string text)
    {
        var matches = PersonalDataRedactor.Find(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var chars = text.ToCharArray();
        foreach (var match in matches)
        {
            Array.Fill(chars, ' ', match.Index, match.Length);
        }

        return new string(chars);
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

    /// <summary>A turn's result and the state to keep after it.</summary>
    private sealed record Turn(TurnResult Result, ConversationState State);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Turn on {Channel}: language {Language}, procedure {Procedure}, outcome {Outcome}, {ElapsedMs:0.000} ms")]
    private partial void LogTurn(string channel, string language, string procedure, string outcome, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "A turn stage failed on {Channel}; the citizen got the fallback reply")]
    private partial void LogStageFailed(Exception exception, string channel);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Turn observer {Observer} failed; the turn was answered anyway")]
    private partial void LogObserverFailed(Exception exception, string observer);
}
