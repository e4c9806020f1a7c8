using System.Globalization;
using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.Dialog;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval.Corpus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarocAssistant.Conversation.AgentDesk;

/// <summary>What an agent's call came to.</summary>
public enum DeskOutcome
{
    Done,
    NotFound,
    Forbidden,
    Conflict,
    Unreachable,
}

/// <summary>
/// The agent desk: a hand-off puts the conversation in its administration's queue; an agent takes it, the assistant
/// stays silent while the agent and the citizen write to each other, and release hands it back to the assistant with
/// its state as it was. Off (every call passes through) while no agent is configured.
/// </summary>
public sealed partial class AgentDeskService : IHandoffDesk
{
    /// <summary>Outcome of a turn the assistant did not answer because an agent holds the conversation.</summary>
    public const string HeldOutcome = "agent";

    /// <summary>WhatsApp lets a business write freely only within 24 hours of the citizen's last message.</summary>
    public static readonly TimeSpan WhatsAppWindow = TimeSpan.FromHours(24);

    private readonly IAgentDeskStore _store;
    private readonly IReadOnlyList<IAgentDelivery> _deliveries;
    private readonly TemplateAnswerComposer _templates;
    private readonly ProcedureCorpus _corpus;
    private readonly IReadOnlyList<IAgentTurnRecorder> _recorders;
    private readonly AgentDeskOptions _options;
    private readonly TimeProvider _time;
    private readonly AgentDeskMetrics _metrics;
    private readonly ILogger<AgentDeskService> _logger;

    public AgentDeskService(
        IAgentDeskStore store,
        IEnumerable<IAgentDelivery> deliveries,
        TemplateAnswerComposer templates,
        ProcedureCorpus corpus,
        IOptions<AgentDeskOptions> options,
        TimeProvider time,
        AgentDeskMetrics metrics,
        ILogger<AgentDeskService> logger,
        IEnumerable<IAgentTurnRecorder> recorders)
    {
        _store = store;
        _deliveries = deliveries.ToList();
        _templates = templates;
        _corpus = corpus;
        _recorders = recorders.ToList();
        _options = options.Value;
        _time = time;
        _metrics = metrics;
        _logger = logger;
    }

    public AgentDeskOptions Options => _options;

    public IAgentDeskStore Store => _store;

    public async ValueTask<TurnResult?> HeldAsync(IncomingMessage message, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled || !Serves(message.ChannelId))
        {
            return null;
        }

        var entry = await _store.GetAsync(message.ConversationId, cancellationToken);
        if (entry?.Agent is null || entry.Channel != message.ChannelId)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        await _store.TouchAsync(entry.ConversationId, now, cancellationToken);
        await _store.AppendMessageAsync(entry.ConversationId, new DeskMessage(now, DeskMessage.Citizen, PersonalDataRedactor.Redact(message.Text)), cancellationToken);
        return new TurnResult([], new LanguageResult(entry.Language, 0), entry.ProcedureId, HeldOutcome);
    }

    public async ValueTask<TurnResult> AfterTurnAsync(IncomingMessage message, TurnResult result, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled || !Serves(message.ChannelId))
        {
            return result;
        }

        var handoff = result.Events?.FirstOrDefault(e => e.Name == "handoff");
        var now = _time.GetUtcNow();
        if (handoff is null)
        {
            // While waiting for an agent the assistant still answers; the agent will read what was said.
            if (await _store.GetAsync(message.ConversationId, cancellationToken) is { } waiting && waiting.Channel == message.ChannelId)
            {
                await _store.TouchAsync(waiting.ConversationId, now, cancellationToken);
                await RecordTurnAsync(message, result, now, cancellationToken);
            }

            return result;
        }

        var administration = await AdministrationOfAsync(message, cancellationToken);
        var language = result.Replies.LastOrDefault(r => r.Kind == ReplyKind.Handoff)?.Language ?? LanguageLabels.French;
        var entry = new DeskEntry(message.ConversationId, message.ChannelId, administration, handoff.Value, language, result.ProcedureId, now, now);
        await _store.AddAsync(entry, cancellationToken);   // false when already queued: it keeps its place
        var available = await AnyAgentAvailableAsync(administration, now, cancellationToken);
        _metrics.HandedOff(administration, available);
        LogQueued(message.ChannelId, administration, available);
        var replaced = result with { Replies = result.Replies.Select(r => r.Kind == ReplyKind.Handoff ? r with { Text = HandoffText(language, result.ProcedureId, available, administration, now) } : r).ToList() };
        await RecordTurnAsync(message, replaced, now, cancellationToken);
        return replaced;
    }

    /// <summary>The conversations an agent may see: their administrations' queues, oldest first.</summary>
    public async Task<IReadOnlyList<DeskEntry>> QueueAsync(AgentAccount agent, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var all = await _store.ListAsync(cancellationToken);
        foreach (var stale in all.Where(e => e.Agent is null && now - e.QueuedAt > TimeSpan.FromMinutes(_options.QueueMinutes)))
        {
            await _store.RemoveAsync(stale.ConversationId, cancellationToken);
        }

        return all.Where(e => agent.Serves(e.Administration) && (e.Agent is not null || now - e.QueuedAt <= TimeSpan.FromMinutes(_options.QueueMinutes))).ToList();
    }

    /// <summary>The conversation and its redacted history, if the agent may see it.</summary>
    public async Task<(DeskOutcome Outcome, DeskEntry? Entry, IReadOnlyList<DeskMessage> Messages)> ConversationAsync(
        AgentAccount agent, string conversationId, CancellationToken cancellationToken = default)
    {
        var (outcome, entry) = await FindAsync(agent, conversationId, cancellationToken);
        return outcome == DeskOutcome.Done
            ? (outcome, entry, await _store.MessagesAsync(conversationId, cancellationToken))
            : (outcome, entry, []);
    }

    /// <summary>Takes a conversation: from now on the assistant is silent in it. Conflict when another agent holds it.</summary>
    public async Task<(DeskOutcome Outcome, DeskEntry? Entry)> TakeAsync(AgentAccount agent, string conversationId, CancellationToken cancellationToken = default)
    {
        var (outcome, entry) = await FindAsync(agent, conversationId, cancellationToken);
        if (outcome != DeskOutcome.Done)
        {
            return (outcome, entry);
        }

        var now = _time.GetUtcNow();
        switch (await _store.TakeAsync(conversationId, agent.User, now, cancellationToken))
        {
            case TakeResult.NotQueued:
                return (DeskOutcome.NotFound, null);
            case TakeResult.TakenByAnother:
                return (DeskOutcome.Conflict, await _store.GetAsync(conversationId, cancellationToken));
        }

        if (entry!.Agent is null)
        {
            _metrics.Taken(entry.Administration, now - entry.QueuedAt);
            LogTaken(entry.Channel, entry.Administration);
        }

        return (DeskOutcome.Done, await _store.GetAsync(conversationId, cancellationToken));
    }

    /// <summary>The agent's reply, delivered on the citizen's channel and recorded; the agent must hold the conversation.</summary>
    public async Task<(DeskOutcome Outcome, string? Problem)> ReplyAsync(AgentAccount agent, string conversationId, string text, CancellationToken cancellationToken = default)
    {
        var (outcome, entry) = await FindAsync(agent, conversationId, cancellationToken);
        if (outcome != DeskOutcome.Done)
        {
            return (outcome, null);
        }

        if (entry!.Agent != agent.User)
        {
            return (DeskOutcome.Conflict, entry.Agent is null ? "Take the conversation before replying." : "Another agent holds this conversation.");
        }

        var now = _time.GetUtcNow();
        if (entry.Channel == WhatsAppChannel && now - entry.LastCitizenAt > WhatsAppWindow)
        {
            return (DeskOutcome.Unreachable, "WhatsApp's 24-hour window since the citizen's last message has closed.");
        }

        if (!await DeliverAsync(entry, agent, text, cancellationToken))
        {
            return (DeskOutcome.Unreachable, "The citizen's channel did not take the message.");
        }

        var redacted = PersonalDataRedactor.Redact(text);
        await _store.AppendMessageAsync(conversationId, new DeskMessage(now, DeskMessage.AgentRole, redacted, agent.User), cancellationToken);
        await RecordAgentTurnAsync(entry, agent, redacted, now, cancellationToken);
        return (DeskOutcome.Done, null);
    }

    /// <summary>Hands the conversation back to the assistant (release) or ends it (close); the citizen is told which.</summary>
    public async Task<DeskOutcome> EndAsync(AgentAccount agent, string conversationId, bool close, CancellationToken cancellationToken = default)
    {
        var (outcome, entry) = await FindAsync(agent, conversationId, cancellationToken);
        if (outcome != DeskOutcome.Done)
        {
            return outcome;
        }

        if (entry!.Agent is not null && entry.Agent != agent.User)
        {
            return DeskOutcome.Conflict;
        }

        if (!close && entry.Agent is null)
        {
            // Nothing to hand back: the assistant never stopped answering.
            return DeskOutcome.Conflict;
        }

        await _store.RemoveAsync(conversationId, cancellationToken);
        LogEnded(entry.Channel, entry.Administration, close ? "closed" : "released");
        var notice = _templates.Templates.Get(ReplyLanguages.ToRecordLanguage(entry.Language), close ? "desk_closed" : "desk_released");
        if (entry.Channel != WhatsAppChannel || _time.GetUtcNow() - entry.LastCitizenAt <= WhatsAppWindow)
        {
            await DeliverAsync(entry, null, notice, cancellationToken);
        }

        return DeskOutcome.Done;
    }

    /// <summary>Signs an agent in or out (only signed-in agents make the citizen wait for a person).</summary>
    public Task SetPresenceAsync(AgentAccount agent, bool present, CancellationToken cancellationToken = default) =>
        _store.SetPresenceAsync(agent.User, present ? _time.GetUtcNow() + TimeSpan.FromMinutes(_options.PresenceMinutes) : null, cancellationToken);

    /// <summary>The widget's conversation belongs to the administration that embeds it.</summary>
    public Task AssignAsync(string conversationId, string administration, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        _options.Enabled ? _store.SetAdministrationAsync(conversationId, administration, lifetime, cancellationToken) : Task.CompletedTask;

    private const string WhatsAppChannel = "whatsapp";

    private bool Serves(string channel) => _deliveries.Any(d => d.Serves(channel));

    private async Task<(DeskOutcome, DeskEntry?)> FindAsync(AgentAccount agent, string conversationId, CancellationToken cancellationToken)
    {
        var entry = await _store.GetAsync(conversationId, cancellationToken);
        if (entry is null)
        {
            return (DeskOutcome.NotFound, null);
        }

        return agent.Serves(entry.Administration) ? (DeskOutcome.Done, entry) : (DeskOutcome.Forbidden, null);
    }

    private async Task<string> AdministrationOfAsync(IncomingMessage message, CancellationToken cancellationToken)
    {
        if (message.ChannelId == WhatsAppChannel)
        {
            return _options.WhatsAppOrDefault;
        }

        return await _store.AdministrationAsync(message.ConversationId, cancellationToken) ?? _options.DefaultAdministration;
    }

    private async Task<bool> AnyAgentAvailableAsync(string administration, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_options.Administrations.TryGetValue(administration, out var desk) && !desk.IsOpen(now))
        {
            return false;
        }

        foreach (var agent in _options.Agents.Where(a => a.Serves(administration)))
        {
            if (await _store.IsPresentAsync(agent.User, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// "A person will answer you here", or — nobody there — how to reach the administration instead, and when its
    /// agents answer (the desk's next opening, or until when it is open today).
    /// </summary>
    private string HandoffText(string replyLanguage, string? procedureId, bool available, string administration, DateTimeOffset now)
    {
        var language = ReplyLanguages.ToRecordLanguage(replyLanguage);
        if (available)
        {
            return _templates.Templates.Get(language, "desk_queued");
        }

        var contact = procedureId is null || _corpus.Find(procedureId) is not { } record ? null : DialogPolicy.ContactLine(record, language);
        var text = contact is null
            ? _templates.Templates.Get(language, "desk_no_agent_general")
            : _templates.Templates.Format(language, "desk_no_agent", ("contact", contact));
        return _options.Administrations.TryGetValue(administration, out var desk) && WhenAgentsAnswer(desk, language, now) is { } when
            ? text + " " + when
            : text;
    }

    /// <summary>"An agent will be available on Monday at 08:30" when closed; "agents answer until 16:30" when open.</summary>
    private string? WhenAgentsAnswer(DeskAdministration desk, RecordLanguage language, DateTimeOffset now)
    {
        if (desk.IsOpen(now))
        {
            // Open but nobody signed in: no promise of when someone will, only until when someone may.
            return desk.ClosesToday is { } closes ? _templates.Templates.Format(language, "desk_open_until", ("time", Clock(closes))) : null;
        }

        if (desk.NextOpening(now) is not { } opening)
        {
            return null;
        }

        var day = opening.DaysAhead switch
        {
            0 => "desk_today",
            1 => "desk_tomorrow",
            _ => "desk_" + opening.Day.ToString().ToLowerInvariant(),
        };
        return _templates.Templates.Format(language, "desk_back", ("day", _templates.Templates.Get(language, day)), ("time", Clock(opening.At)));
    }

    private static string Clock(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private async Task<bool> DeliverAsync(DeskEntry entry, AgentAccount? agent, string text, CancellationToken cancellationToken)
    {
        var delivery = _deliveries.FirstOrDefault(d => d.Serves(entry.Channel));
        if (delivery is null)
        {
            return false;
        }

        try
        {
            return await delivery.SendAsync(entry, agent, text, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex, entry.Channel);
            return false;
        }
    }

    private async Task RecordTurnAsync(IncomingMessage message, TurnResult result, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await _store.AppendMessageAsync(message.ConversationId, new DeskMessage(now, DeskMessage.Citizen, PersonalDataRedactor.Redact(message.Text)), cancellationToken);
        foreach (var reply in result.Replies)
        {
            await _store.AppendMessageAsync(message.ConversationId, new DeskMessage(now, DeskMessage.Assistant, PersonalDataRedactor.Redact(reply.Text)), cancellationToken);
        }
    }

    /// <summary>The agent's message in the records (the transcript, when recording is on), already redacted.</summary>
    private async Task RecordAgentTurnAsync(DeskEntry entry, AgentAccount agent, string redacted, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var recorder in _recorders)
        {
            try
            {
                await recorder.RecordAsync(entry, agent, redacted, now, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTranscriptFailed(ex);
            }
        }
    }

    [LoggerMessage(EventId = 190, Level = LogLevel.Information, Message = "Hand-off on {Channel} queued for {Administration}; an agent available: {Available}")]
    private partial void LogQueued(string channel, string administration, bool available);

    [LoggerMessage(EventId = 191, Level = LogLevel.Information, Message = "Conversation on {Channel} taken by an agent of {Administration}")]
    private partial void LogTaken(string channel, string administration);

    [LoggerMessage(EventId = 192, Level = LogLevel.Information, Message = "Conversation on {Channel} of {Administration} {How} by its agent")]
    private partial void LogEnded(string channel, string administration, string how);

    [LoggerMessage(EventId = 193, Level = LogLevel.Warning, Message = "An agent's message could not be delivered on {Channel}")]
    private partial void LogDeliveryFailed(Exception exception, string channel);

    [LoggerMessage(EventId = 194, Level = LogLevel.Warning, Message = "An agent's message could not be written to the transcript")]
    private partial void LogTranscriptFailed(Exception exception);
}
