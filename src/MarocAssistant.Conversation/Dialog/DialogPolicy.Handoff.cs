using MarocAssistant.Composition;
using MarocAssistant.Composition.Answers;
using MarocAssistant.Conversation.Pipeline;
using MarocAssistant.Conversation.Privacy;
using MarocAssistant.Conversation.State;
using MarocAssistant.Conversation.Understanding;
using MarocAssistant.Language.Detection;
using MarocAssistant.Retrieval;
using MarocAssistant.Retrieval.Corpus;
using MarocAssistant.Retrieval.Search;

namespace MarocAssistant.Conversation.Dialog;

/// <summary>Handing off to a person: after repeated failures or on request, with the French summary for the agent and the contact from the record.</summary>
internal sealed partial class DialogPolicy
{
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
}
