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

/// <summary>Answering: a procedure or one part of it, the next step of the focus, a sibling variant, another procedure named beside the focus.</summary>
internal sealed partial class DialogPolicy
{
    /// <summary>
    /// How close to the top score the focus's own score keeps the focus: "واش خاصني نمشي للكوميسارية ندير ديكلاراسيون
    /// بالضياع قبل؟" during a lost ID card scores the tax return 1.222 and the lost card 1.218, and "ديكلاراسيون" is not
    /// evidence enough to leave. Dev 0.9321 -> 0.9325, hijacks 6 -> 5; test and the tuning sets unchanged (flat from 0.7
    /// to 0.95).
    /// </summary>
    private const double FocusAsGood = 0.9;

    /// <summary>How sure the search must be of a prerequisite named in a requirement question (flat from 0.8 to 0.9).</summary>
    private const double PrerequisiteConfidence = 0.9;

    /// <summary>
    /// The procedure other than the focus that the search answers with confidence, when the message points at it: names
    /// it ("and how do I get the negative certificate?" during a company creation) or uses a word of its name ("la
    /// banque me demande aussi une attestation de revenu, je la demande où ?" during an income tax return), and the
    /// focus is not nearly as good a match.
    /// </summary>
    private async Task<ProcedureRecord?> SureOtherAsync(
        ProcedureRecord focus, MessageSearch search, Func<ProcedureRecord, bool> pointedAt, CancellationToken cancellationToken)
    {
        var found = await search.GetAsync(cancellationToken);
        return found.Decide(_retrieval) == RetrievalDecision.Answer && found.Top!.ProcedureId != focus.Id
            && !found.Candidates.Any(c => c.ProcedureId == focus.Id && c.Score >= FocusAsGood * found.Top.Score)
            && _corpus.Find(found.Top.ProcedureId) is { } other && pointedAt(other)
            ? other
            : null;
    }

    /// <summary>
    /// A requirement asked of another procedure the message names and the search is sure of, with words that put the two
    /// in order or ask where or how to get it: "do I need to do the consular registration first?", "وشهادة الحياة ... ومن
    /// أين أحصل عليها؟" during a pension. "Do they need proof of income?" and "il doit être légalisé ?" still ask about
    /// the focus's documents (dev 0.9126 -> 0.9145, hijacks 6; with any sure search and no such words: 0.9137, hijacks 8).
    /// </summary>
    private static async Task<bool> PrerequisiteAsync(TurnUnderstanding understood, IReadOnlySet<string> named, MessageSearch search, CancellationToken cancellationToken)
    {
        if (!understood.SpeaksOfOrder && understood.Facet is not (Facet.Where or Facet.Steps or Facet.Online))
        {
            return false;
        }

        var found = await search.GetAsync(cancellationToken);
        return found.Confidence >= PrerequisiteConfidence && named.Contains(found.Top!.ProcedureId);
    }

    /// <summary>The procedure the search is all but sure of when the focus is not even among its candidates.</summary>
    private async Task<ProcedureRecord?> SearchLeavesAsync(ProcedureRecord focus, MessageSearch search, CancellationToken cancellationToken)
    {
        var found = await search.GetAsync(cancellationToken);
        return found.Confidence >= LeavesFocusConfidence && found.Candidates.All(c => c.ProcedureId != focus.Id) ? _corpus.Find(found.Top!.ProcedureId) : null;
    }

    /// <summary>The record of the same document group with that variant kind ("lost" while the renewal is in focus).</summary>
    private ProcedureRecord? Sibling(ProcedureRecord record, string kind) => Decision.VariantOf(record.Variant.Group, kind, _corpus);
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
}
