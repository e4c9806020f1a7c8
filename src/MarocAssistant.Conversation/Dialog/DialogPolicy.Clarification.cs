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

/// <summary>Asking "which one?" and reading the answer: the offered choices, the citizen's pick, the variant an age selects.</summary>
internal sealed partial class DialogPolicy
{
    /// <summary>A search this sure of a procedure that was not offered moves past the choices: dev +2 turns (0.90 and under: +0).</summary>
    private const double SureOutsideChoices = 0.95;

    /// <summary>
    /// Which of the offered procedures the citizen's words pick: the variant they name or imply (a child's age), the
    /// one they name, or the one the search puts first among them.
    /// </summary>
    private async Task<ProcedureRecord?> ChooseAmongAsync(
        List<ProcedureRecord> candidates, string text, TurnUnderstanding understood, IReadOnlySet<string> named, MessageSearch search, CancellationToken cancellationToken)
    {
        if (understood.Situation.ImpliedKind is { } kind)
        {
            if (candidates.Where(c => c.Variant.Kind == kind).ToList() is [var byKind])
            {
                return byKind;
            }

            // "lost" among the car's papers is the registration's "lost-registration".
            if (candidates.Where(c => Decision.IsOfKind(c, kind)).ToList() is [var ofKind])
            {
                return ofKind;
            }

            // Among consular variants "it expired" is the renewal abroad: the one that stands for the variant of that kind.
            if (candidates.Where(c => AbroadVariants.IsAbroad(c) && Sibling(c, kind) is { } home && _abroad.ForAbroad(home).Id == c.Id).ToList() is [var abroad])
            {
                return abroad;
            }
        }

        if (candidates.Where(c => named.Contains(c.Id)).ToList() is [var byName])
        {
            return byName;
        }

        // "ch7al?" or "chno khassni?" says nothing of which one; "I'm not working and can't pay the contribution" does, and
        // so can one bare word that is no question ("revenu", "الديوانة؟"): dev 0.8942 -> 0.8965.
        if (understood.Facet != Facet.None && understood.WordCount <= 3)
        {
            return null;
        }

        // A word of one offered procedure's name settles it, whatever else the message names: "c'est pour ma signature sur
        // une procuration" after the legalisations.
        if (_vocabulary?.Pick(text, candidates, namesOnly: true) is { } byNameWord)
        {
            return byNameWord;
        }

        var found = await search.GetAsync(cancellationToken);
        // A procedure that was not offered, named and found ("no, it's the criminal record") or found with near certainty
        // ("je suis fonctionnaire ... le remboursement, la feuille de soins"), is not a choice among those.
        if (found.Decide(_retrieval) == RetrievalDecision.Answer)
        {
            if (candidates.Find(c => c.Id == found.Top!.ProcedureId) is { } top)
            {
                return top;
            }

            if (named.Contains(found.Top!.ProcedureId) || found.Confidence >= SureOutsideChoices)
            {
                return null;
            }
        }

        // Words only one candidate is asked with: "I work for myself" is the self-employed insurance.
        return _vocabulary?.Pick(text, candidates);
    }

    /// <summary>
    /// "My son is 14 and the school asks for his card": when an age given in the message selects a variant of one named
    /// document, the other names in the message (the school) are context, not a second request. A word for a child
    /// alone is not enough ("la carte handicap l weldi" is the disability card).
    /// </summary>
    /// <param name="named">The procedures the message names.</param>
    /// <param name="kind">The variant the message's situation selects.</param>
    /// <param name="searchTop">The search's first candidate.</param>
    private IReadOnlySet<string> OfTheNamedKind(IReadOnlySet<string> named, string? kind, string? searchTop)
    {
        if (kind is null || named.Count < 2)
        {
            return named;
        }

        var groups = named.Select(_corpus.Find).OfType<ProcedureRecord>()
            .Where(r => r.Variant.Kind == kind && Decision.IsLifeCycleVariant(r, _corpus)).Select(r => r.Variant.Group).Distinct().ToList();
        // A document without variants named beside it stays when the search puts it first: "mon fils a 9 ans, on a droit
        // a la carte handicap ?" asks for the disability card.
        return groups is [var group]
            ? named.Where(id => _corpus.Find(id) is { } r && (r.Variant.Group == group || (id == searchTop && !Decision.IsLifeCycleVariant(r, _corpus))))
                .ToHashSet(StringComparer.Ordinal)
            : named;
    }
    private Turn Clarify(IReadOnlyList<ProcedureRecord> candidates, LanguageResult detected, string replyLanguage, ConversationState state, Facet facet)
    {
        var clarify = Single(_templates.Clarify(candidates, replyLanguage), detected, null, "clarify") with
        {
            Choices = candidates.Select(r => r.Id).ToList(),
        };
        return new Turn(clarify, state with { ReplyLanguage = replyLanguage, PendingChoices = clarify.Choices!, PendingFacet = facet, FailureCount = 0 });
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
}
