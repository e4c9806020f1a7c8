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

/// <summary>The replies that answer no procedure: refusal, not covered, small talk, the language choice, the welcome and unsupported input.</summary>
internal sealed partial class DialogPolicy
{
    /// <summary>Starts over: the state is forgotten but for the reply language and the turn count.</summary>
    private Turn Restart(LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message("restart", replyLanguage, ReplyKind.SmallTalk), detected, null, "restart"), new ConversationState { ReplyLanguage = replyLanguage, TurnCount = state.TurnCount });

    private Turn Refusal(LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message("refusal", replyLanguage, ReplyKind.Refusal), detected, null, "refusal"), state with { ReplyLanguage = replyLanguage, Refused = true });

    /// <summary>
    /// A refusal of a message that named one procedure: it becomes the focus, so that "et le mien ?" or "ok, legally how
    /// do I get it?" then asks for that procedure.
    /// </summary>
    private Turn Refusal(LanguageResult detected, string replyLanguage, ConversationState state, IReadOnlySet<string> named) =>
        Refusal(detected, replyLanguage, named.Count == 1 ? state with { FocusProcedureId = named.First() } : state);

    /// <summary>"I only answer administrative questions", counted as a turn without an answer; the focus is kept.</summary>
    private Turn OffTopic(IncomingMessage message, LanguageResult detected, string replyLanguage, ConversationState state, ProcedureRecord? focus, string? procedureId) =>
        Failed(message, Single(_templates.Message("out_of_scope", replyLanguage, ReplyKind.OutOfScope), detected, procedureId, "out-of-scope"), replyLanguage, state, focus);

    /// <summary>"I don't have this procedure yet": the national portals and a person, never another procedure's facts.</summary>
    private Turn NotCovered(LanguageResult detected, string replyLanguage, ConversationState state, string? topic)
    {
        var reply = _templates.Message("not_covered", replyLanguage, ReplyKind.OutOfScope, [AgentButton(replyLanguage)]);
        var result = Single(reply, detected, null, "not-covered") with { Events = topic is null ? null : [new TurnEvent("not-covered", topic)] };
        return new Turn(result, state with { ReplyLanguage = replyLanguage, PendingChoices = [], PendingFacet = Facet.None, FocusProcedureId = null, NotCovered = true });
    }
    /// <summary>A short reply with the button that reaches an agent ("is anyone there?", "that did not help").</summary>
    private Turn WithAgentButton(string key, string outcome, LanguageResult detected, string replyLanguage, ConversationState state, ProcedureRecord? focus) =>
        new(Single(_templates.Message(key, replyLanguage, ReplyKind.SmallTalk, [AgentButton(replyLanguage)]), detected, focus?.Id, outcome), state with { ReplyLanguage = replyLanguage });

    private SuggestedAction AgentButton(string replyLanguage)
    {
        var label = _templates.Templates.Get(ReplyLanguages.ToRecordLanguage(replyLanguage), "btn_agent");
        return new SuggestedAction(label, label);
    }

    private Turn SmallTalk(string key, LanguageResult detected, string replyLanguage, ConversationState state) =>
        new(Single(_templates.Message(key, replyLanguage, ReplyKind.SmallTalk), detected, null, "small-talk"), state with { ReplyLanguage = replyLanguage });
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
    /// <summary>The welcome shown when a citizen joins: Darija, French and Arabic together, since we do not know yet.</summary>
    private Reply Welcome()
    {
        var text = string.Join(
            "\n\n",
            _templates.Templates.Get(RecordLanguage.AryLatn, "welcome"),
            _templates.Templates.Get(RecordLanguage.Ary, "welcome"),
            _templates.Templates.Get(RecordLanguage.Fr, "welcome"),
            _templates.Templates.Get(RecordLanguage.Ar, "welcome"));
        return new Reply(text, LanguageLabels.DarijaLatin, ReplyKind.SmallTalk, []);
    }

    /// <summary>The template of the reply to what the assistant cannot read (voice notes, images, locations, files).</summary>
    public const string UnsupportedTemplateKey = "unsupported_media";

    /// <summary>
    /// The reply to what the assistant cannot read: what it does read, in Darija (both scripts), French and Arabic,
    /// since nothing written tells the language yet. The texts are the editable template <c>unsupported_media</c>.
    /// </summary>
    private Reply Unsupported()
    {
        var text = string.Join(
            "\n\n",
            new[] { RecordLanguage.AryLatn, RecordLanguage.Ary, RecordLanguage.Fr, RecordLanguage.Ar }
                .Select(language => _templates.Templates.Get(language, UnsupportedTemplateKey)));
        return new Reply(text, LanguageLabels.DarijaLatin, ReplyKind.OutOfScope, []);
    }

    /// <summary>
    /// The turn of a message without text: the welcome or the "what I read" reply. Nothing was detected; the result
    /// carries the reply's language with no confidence.
    /// </summary>
    public TurnResult WithoutText(IncomingKind kind)
    {
        var (reply, outcome) = kind == IncomingKind.ConversationStart ? (Welcome(), "welcome") : (Unsupported(), "unsupported-input");
        return Single(reply, new LanguageResult(reply.Language, 0), null, outcome);
    }
}
